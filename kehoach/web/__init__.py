"""The review page: a small local web app where a clerk checks a plan against its pages and corrects it."""
