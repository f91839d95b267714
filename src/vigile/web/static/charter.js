// Charter editor: check as you type (the API answers with each error's line and field),
// and jump to an error's line. Without JavaScript the "Check" button does the same.
(function () {
  "use strict";
  var area = document.getElementById("charter");
  if (!area || !window.fetch) { return; }
  var form = document.getElementById("charter-form");
  var verdict = document.getElementById("charter-verdict");
  var problems = document.getElementById("charter-problems");
  var explanation = document.getElementById("charter-explain");
  var token = form.querySelector("input[name=csrf_token]").value;
  var labels = {
    line: area.getAttribute("data-label-line") || "line",
    valid: area.getAttribute("data-label-valid") || "valid",
    invalid: area.getAttribute("data-label-invalid") || "invalid"
  };
  var timer = null;
  var sent = 0;

  function goToLine(line) {
    var lines = area.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1] || "").length);
  }

  function show(result) {
    verdict.className = result.valid ? "ok" : "error";
    verdict.textContent = result.valid
      ? labels.valid.replace("{rules}", result.rules)
      : labels.invalid.replace("{count}", result.errors.length);
    problems.textContent = "";
    result.errors.forEach(function (error) {
      var item = document.createElement("li");
      if (error.line) {
        var link = document.createElement("a");
        link.href = "#charter";
        link.setAttribute("data-line", error.line);
        link.textContent = labels.line.replace("{line}", error.line);
        item.appendChild(link);
      }
      if (error.field) {
        item.appendChild(document.createTextNode(" · "));
        var code = document.createElement("code");
        code.textContent = error.field;
        item.appendChild(code);
      }
      item.appendChild(document.createTextNode(" — " + error.message));
      problems.appendChild(item);
    });
    explanation.textContent = result.explanation ? result.explanation.join("\n") : "—";
  }

  function check() {
    var mine = ++sent;
    fetch(area.getAttribute("data-validate"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ charter: area.value, lang: area.getAttribute("data-lang") })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (result && mine === sent) { show(result); }
    }).catch(function () { /* offline: the Check button still works */ });
  }

  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  });
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.value === "check") { event.preventDefault(); check(); }
  });
  problems.addEventListener("click", function (event) {
    var line = event.target.getAttribute && event.target.getAttribute("data-line");
    if (line) { event.preventDefault(); goToLine(parseInt(line, 10)); }
  });
}());
