/* ParIndex questionnaire designer: the live phone preview and the "unsaved changes" guard.
   The server renders the preview with the respondent form's own partials, so what the designer sees is what a
   respondent's phone shows; this script only posts the form (or the YAML) and swaps the preview in.
   Without JavaScript the designer still works: the preview is refreshed on every save. */
(function () {
  "use strict";
  var form = document.getElementById("designer-form");
  var yamlForm = document.getElementById("yaml-form");
  var preview = document.getElementById("preview");
  var state = document.getElementById("preview-state");
  var dirtyNote = document.getElementById("dirty-note");
  if (!form || !preview) return;
  var url = form.getAttribute("data-preview-url");
  var dirty = false, timer = 0, seq = 0, shown = 0;

  function refresh(body) {
    var mine = ++seq;
    if (state) state.textContent = "…";
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (r) {
        if (mine < shown) return; // an older answer arriving late never replaces a newer preview
        shown = mine;
        if (r.ok) preview.innerHTML = r.text;
        if (state) state.textContent = r.ok ? "" : "(!)";
        preview.setAttribute("data-refreshed", String(mine));
      })
      .catch(function () { if (state) state.textContent = "(offline)"; });
  }

  function changed(source) {
    dirty = true;
    if (dirtyNote) dirtyNote.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { refresh(new FormData(source)); }, 350);
  }

  form.addEventListener("input", function () { changed(form); });
  form.addEventListener("change", function () { changed(form); });
  if (yamlForm) yamlForm.addEventListener("input", function () { changed(yamlForm); });

  document.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-confirm]"), function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
})();
