// The final submit on a flaky network: post in the background; if the network fails, say so and let the respondent
// send again. The page keeps its client id, so the server stores the response once however many times it arrives.
// Without JavaScript the form is a plain post and works the same, minus the message.
(function () {
  var form = document.querySelector('form[data-retry]');
  var status = document.getElementById('send-status');
  if (!form || !status || !window.fetch || !window.DOMParser) return;
  form.addEventListener('submit', function (e) {
    var button = e.submitter;
    if (!button || button.id !== 'submit') return;
    e.preventDefault();
    var data = new FormData(form);
    data.append(button.name, button.value);
    button.disabled = true;
    status.textContent = status.getAttribute('data-sending');
    fetch(location.href, { method: 'POST', body: data, credentials: 'same-origin' })
      .then(function (r) { return r.text().then(function (html) { return { r: r, html: html }; }); })
      .then(function (x) {
        if (x.r.redirected) { location.href = x.r.url; return; }
        var doc = new DOMParser().parseFromString(x.html, 'text/html');
        document.title = doc.title;
        document.body.replaceWith(doc.body);
      })
      .catch(function () {
        status.textContent = status.getAttribute('data-failed');
        button.disabled = false;
        button.focus();
      });
  });
})();
