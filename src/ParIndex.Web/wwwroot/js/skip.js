// Instant skip logic and constraint messages on the phone form, evaluating the questionnaire's own AST (ClientLogic)
// with expr.js, the interpreter whose parity with the server's evaluator is tested. Progressive enhancement only:
// without JavaScript the server shows a screen again when an answer opens new questions, and the server checks every
// post whatever this script did. Items hidden here are also disabled, so they are not posted (as with JavaScript off).
(function () {
  'use strict';
  var X = window.ParIndexExpr;
  var form = document.querySelector('form[data-step]');
  if (!X || !form || !form.getAttribute('data-logic') || !window.JSON) return;
  var items = JSON.parse(form.getAttribute('data-logic')).items || {};
  var known = JSON.parse(form.getAttribute('data-answers') || '{}');
  var unit = form.getAttribute('data-unit') || '';
  var boxes = Array.prototype.slice.call(form.querySelectorAll('[data-item]'));
  var byId = {};
  boxes.forEach(function (b) { byId[b.getAttribute('data-item')] = b; });
  var today = Math.floor((Date.now() - new Date().getTimezoneOffset() * 60000) / 864e5);

  function fieldName(id) { return unit ? 'u|' + unit + '|' + id : 'a.' + id; }

  // The raw answer on this screen: the checked radio, the ticked boxes space-joined, or the typed text.
  function read(id) {
    var els = form.querySelectorAll('[name="' + fieldName(id).replace(/"/g, '\\"') + '"]'), out = [];
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      if (e.type === 'radio' || e.type === 'checkbox') { if (e.checked) out.push(e.value); }
      else if (e.value.trim()) out.push(e.value.trim());
    }
    return out.join(' ');
  }

  var busy = {};
  function get(id) {
    var meta = items[id] || {};
    if (meta.calculation && !busy[id]) {
      busy[id] = true;
      try { return X.evaluate(meta.calculation, ctx); } finally { busy[id] = false; }
    }
    var box = byId[id];
    if (box) return box.hidden ? X.missing : X.typed(read(id), meta.type);
    return X.typed(known[id], meta.type);
  }
  var ctx = { get: get, today: today };

  function setError(box, message) {
    var p = box.querySelector('p.error[data-client]');
    if (!message) {
      if (p) { p.remove(); box.classList.remove('invalid'); box.removeAttribute('aria-invalid'); }
      return;
    }
    if (!p) {
      p = document.createElement('p');
      p.className = 'error';
      p.setAttribute('data-client', '');
      p.id = box.id + '-cerr';
      box.insertBefore(p, box.querySelector('legend') ? box.querySelector('legend').nextSibling : box.firstChild);
      box.setAttribute('aria-describedby', p.id);
    }
    p.textContent = message;
    box.classList.add('invalid');
    box.setAttribute('aria-invalid', 'true');
  }

  function update() {
    // Relevance can chain (a shown item makes another relevant): a few passes settle it.
    for (var pass = 0; pass < 5; pass++) {
      var changed = false;
      boxes.forEach(function (box) {
        var meta = items[box.getAttribute('data-item')];
        if (!meta || !meta.relevant) return;
        var show = X.truthy(meta.relevant, ctx);
        if (box.hidden === show) {
          box.hidden = !show;
          if (box.tagName === 'FIELDSET') box.disabled = !show;
          changed = true;
        }
      });
      if (!changed) break;
    }
    boxes.forEach(function (box) {
      var id = box.getAttribute('data-item'), meta = items[id], msg = box.getAttribute('data-constraint-msg');
      if (!meta || !meta.constraint || !msg) return;
      var value = box.hidden ? X.missing : X.typed(read(id), meta.type);
      ctx.current = value;
      setError(box, value.k !== 'm' && !X.truthy(meta.constraint, ctx) ? msg : null);
      ctx.current = null;
    });
  }

  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
})();
