// Review page: keyboard moves between tasks and pages, a click on a box selects its task,
// dragging on the page draws the box of a missed task. No data is read from the DOM as HTML.
"use strict";

(function () {
  const cards = () => Array.from(document.querySelectorAll("article.task"));
  let current = -1;

  function select(index, focus) {
    const all = cards();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    const card = all[current];
    all.forEach((c) => c.classList.toggle("current", c === card));
    document.querySelectorAll("rect.box").forEach((r) => r.classList.toggle("current", r.dataset.key === card.dataset.key));
    card.scrollIntoView({ block: "nearest" });
    if (focus) card.focus();
  }

  function editing(target) {
    return target instanceof HTMLElement && target.matches("input, textarea, select");
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && editing(event.target)) {
      const form = event.target.closest("form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (event.key === "Escape" && editing(event.target)) {
      event.target.blur();
      if (current >= 0) cards()[current].focus();
      return;
    }
    if (editing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const nav = (name) => document.querySelector(`nav.pages a[data-nav="${name}"]`);
    if (event.key === "j") select(current + 1, true);
    else if (event.key === "k") select(current - 1, true);
    else if (event.key === "e" && current >= 0) {
      event.preventDefault();
      const field = cards()[current].querySelector("form.edit input[name=lead]");
      if (field) field.focus();
    } else if (event.key === "n" && nav("next")) nav("next").click();
    else if (event.key === "p" && nav("prev")) nav("prev").click();
  });

  document.addEventListener("focusin", (event) => {
    const card = event.target instanceof HTMLElement ? event.target.closest("article.task") : null;
    if (card) {
      const index = cards().indexOf(card);
      if (index !== current) select(index, false);
    }
  });

  const svg = document.getElementById("boxes");
  if (!svg) return;
  svg.addEventListener("click", (event) => {
    const rect = event.target instanceof Element ? event.target.closest("rect.box") : null;
    if (rect) select(cards().findIndex((c) => c.dataset.key === rect.dataset.key), true);
  });

  // Drawing a missed task's box, in PDF points (the SVG's own units).
  const drawn = document.getElementById("drawn");
  let start = null;
  function point(event) {
    const box = svg.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * Number(svg.dataset.width),
      y: ((event.clientY - box.top) / box.height) * Number(svg.dataset.height),
    };
  }
  function show(a, b) {
    drawn.setAttribute("x", Math.min(a.x, b.x));
    drawn.setAttribute("y", Math.min(a.y, b.y));
    drawn.setAttribute("width", Math.abs(a.x - b.x));
    drawn.setAttribute("height", Math.abs(a.y - b.y));
  }
  svg.addEventListener("mousedown", (event) => {
    if (event.target instanceof Element && event.target.closest("rect.box")) return;
    start = point(event);
    show(start, start);
  });
  svg.addEventListener("mousemove", (event) => { if (start) show(start, point(event)); });
  window.addEventListener("mouseup", (event) => {
    if (!start) return;
    const end = point(event);
    const [x0, x1] = [Math.min(start.x, end.x), Math.max(start.x, end.x)];
    const [top, bottom] = [Math.min(start.y, end.y), Math.max(start.y, end.y)];
    start = null;
    if (x1 - x0 < 5 || bottom - top < 5) return;
    const values = { x0, top, x1, bottom };
    Object.entries(values).forEach(([side, value]) => {
      document.getElementById(`box-${side}`).value = value.toFixed(1);
    });
    const add = document.getElementById("add-task");
    add.open = true;
    add.querySelector("textarea[name=content]").focus();
  });
})();
