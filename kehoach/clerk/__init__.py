"""The clerk's loop: stable task keys, corrections re-applied over every extraction, review flags."""
