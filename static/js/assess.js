// The assessment page's live suggestion (School Improvement Strategy 2024-25, §5): as the
// evidence is chosen, each criterion points to the row of the trust's table its choice fits
// and the suggestion is the highest of those (categorisation/rules.py). The rows, names and
// labels come from the server in the form's data-rule attribute, so this script only takes
// the highest; the decision follows the suggestion until the meeting chooses otherwise, and
// a decision that differs asks for its rationale (the server refuses it without one).
(function () {
  "use strict";
  var form = document.getElementById("assessment");
  if (!form || !form.dataset.rule) return;
  var rule = JSON.parse(form.dataset.rule);
  var heading = document.getElementById("suggestion-heading");
  var reason = document.getElementById("suggestion-reason");
  var body = document.getElementById("suggestion-rows");
  var differs = document.getElementById("differs");
  var ask = document.getElementById("ask-suggestion");
  var suggested = null;
  // A decision sent back with an error was the meeting's own choice: it is left alone.
  var decisionTouched = form.dataset.decided === "true";

  function chosen(field) {
    if (field === "ofsted") return rule.ofsted;
    var input = form.querySelector('input[name="' + field + '"]:checked');
    return input ? input.value : null;
  }

  function chip(category) {
    var span = document.createElement("span");
    span.className = "grade grade-" + category;
    span.textContent = "Category " + category;
    return span;
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function decision() {
    var input = form.querySelector('input[name="category"]:checked');
    return input ? input.value : null;
  }

  function showDiffers() {
    var value = decision();
    differs.hidden = !(suggested && value && value !== String(suggested));
  }

  function update() {
    var rows = rule.criteria.map(function (c) {
      var value = chosen(c.field);
      return { c: c, value: value, row: value ? c.rows[value] : null };
    });
    if (rows.some(function (r) { return r.row === null || r.row === undefined; })) {
      suggested = null;
      heading.textContent = "Choose the evidence for each criterion";
      reason.textContent = "The suggestion follows the evidence as it is chosen.";
      body.replaceChildren();
      showDiffers();
      return;
    }
    var category = Math.max.apply(null, rows.map(function (r) { return r.row; }));
    suggested = category;
    heading.replaceChildren(document.createTextNode("The evidence suggests "), chip(category));
    var drivers = rows.filter(function (r) { return r.row === category; });
    reason.textContent = category === 1
      ? "Category 1: every criterion fits the first row of the trust's table."
      : "Category " + category + ", set by " + drivers.map(function (r) {
          return r.c.name + " (" + r.c.labels[r.value].toLowerCase() + ")";
        }).join(" and ") + ".";
    body.replaceChildren.apply(body, rows.map(function (r) {
      var tr = document.createElement("tr");
      tr.dataset.field = r.c.field;
      var sets = r.row === category && category > 1;
      if (sets) tr.className = "table-warning";
      var name = r.c.name.charAt(0).toUpperCase() + r.c.name.slice(1);
      var rowCell = cell(String(r.row));
      if (sets) {
        var strong = document.createElement("strong");
        strong.textContent = "(sets it)";
        rowCell.append(" ", strong);
      }
      tr.append(cell(name), cell(r.c.labels[r.value]), rowCell);
      return tr;
    }));
    if (!decisionTouched) {
      var input = form.querySelector('input[name="category"][value="' + category + '"]');
      if (input) input.checked = true;
    }
    showDiffers();
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "category") {
      decisionTouched = true;
      showDiffers();
    } else {
      update();
    }
  });
  if (ask) ask.hidden = true; // the suggestion is live; the button serves pages without script
  update();
})();
