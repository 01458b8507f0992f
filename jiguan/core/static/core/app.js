// CSRF token for htmx requests (CSP forbids inline scripts, so this lives here).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});
// Confirm buttons: <button data-confirm="...">.
document.addEventListener("click", function (event) {
  var el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
});
// Pickers (the agency field, jiguan/orgs/fields.py): <div data-pick> holds a hidden id
// (data-pick-value), a text box (data-pick-text) whose htmx request fills the list
// (data-pick-list) with options (data-pick-id, data-pick-label). Typing forgets the id;
// choosing an option sets both; arrows, Enter and Escape work in the box.
(function () {
  function parts(el) {
    var box = el && el.closest ? el.closest("[data-pick]") : null;
    if (!box) { return null; }
    return { box: box, value: box.querySelector("[data-pick-value]"),
             text: box.querySelector("[data-pick-text]"),
             list: box.querySelector("[data-pick-list]") };
  }
  function close(p) {
    p.list.innerHTML = "";
    p.text.setAttribute("aria-expanded", "false");
  }
  function choose(option) {
    var p = parts(option);
    p.value.value = option.getAttribute("data-pick-id");
    p.text.value = option.getAttribute("data-pick-label");
    close(p);
    p.text.focus();
  }
  document.addEventListener("input", function (event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-pick-text")) { return; }
    parts(event.target).value.value = "";
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("[data-pick-id]") : null;
    if (option) { event.preventDefault(); choose(option); return; }
    document.querySelectorAll("[data-pick]").forEach(function (box) {
      if (!box.contains(event.target)) { close(parts(box)); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-pick-text")) { return; }
    var p = parts(event.target);
    var options = Array.prototype.slice.call(p.list.querySelectorAll("[data-pick-id]"));
    if (event.key === "Escape") { close(p); return; }
    if (!options.length) { return; }
    var current = -1;
    options.forEach(function (o, i) { if (o.classList.contains("active")) { current = i; } });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = (current + step + options.length) % options.length;
      options.forEach(function (o, i) {
        o.classList.toggle("active", i === next);
        o.setAttribute("aria-selected", i === next ? "true" : "false");
      });
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      choose(options[current]);
    }
  });
  // A late answer to what was typed before a choice is not shown over the choice.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var p = parts(event.detail.target);
    if (p && p.list === event.detail.target && p.value.value) { event.detail.shouldSwap = false; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts(event.detail.target);
    if (p && p.list === event.detail.target) {
      p.text.setAttribute("aria-expanded", p.list.querySelector("[data-pick-id]") ? "true" : "false");
    }
  });
})();
