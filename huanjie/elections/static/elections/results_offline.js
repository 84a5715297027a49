// 换届通 — tally sheet entry that survives a lost connection (issue 13 req. 1).
// The form with data-offline-key is kept in this device's localStorage as it is typed. Submitting
// sends it with fetch; when the network fails, the sheet stays on the device (marked pending) and is
// sent again when the connection returns. Every send carries the form's idempotency key, so a resend
// after a lost answer is applied once by the server (never doubled). The photo is not kept on the
// device: choose it again once online if it was not sent.
(function () {
  "use strict";

  var form = document.querySelector("form[data-offline-key]");
  if (!form || !window.localStorage || !window.fetch) { return; }
  var key = form.getAttribute("data-offline-key");
  var status = document.getElementById("hj-offline-status");
  var SKIP = { csrfmiddlewaretoken: true, photo: true };
  var retryTimer = null;
  var sending = false;

  function say(text, kind) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "alert alert-" + (kind || "info") + " py-2 small";
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "submit";
    });
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function save(pending) {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    var draft = { values: values, pending: !!pending, saved: new Date().toISOString() };
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full: keep typing */ }
    return draft;
  }

  function clear() { localStorage.removeItem(key); }

  function restore(draft) {
    var bound = document.getElementById("hj-form-errors") || form.querySelector(".is-invalid");
    if (bound) { return; } // the server answered this form: its values win
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(draft.values, el.name)) { el.value = draft.values[el.name]; }
    });
    say(draft.pending
      ? "本设备上有一份尚未送达的计票单（" + draft.saved.slice(0, 16).replace("T", " ") + "），联网后将自动重新提交。"
      : "已恢复本设备上保存的草稿。", draft.pending ? "warning" : "info");
  }

  function send() {
    if (sending) { return; }
    sending = true;
    var data = new FormData(form);
    var draft = load();
    if (draft && draft.values) {
      Object.keys(draft.values).forEach(function (name) {
        if (!data.has(name) || data.get(name) === "") { data.set(name, draft.values[name]); }
      });
    }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", redirect: "follow" })
      .then(function (response) {
        sending = false;
        if (response.redirected && response.ok) {
          clear();
          window.location.assign(response.url);
          return null;
        }
        return response.text().then(function (html) {
          // Refused on its merits (a check, a stale version): show the server's page; the draft
          // stays until the sheet is saved.
          save(false);
          document.open();
          document.write(html);
          document.close();
        });
      })
      .catch(function () {
        sending = false;
        save(true);
        say("网络中断：计票单已保存在本设备上，联网后将自动重新提交（不会重复登记）。", "warning");
        schedule();
      });
  }

  function schedule() {
    if (retryTimer) { return; }
    retryTimer = window.setInterval(function () {
      if (navigator.onLine !== false) {
        window.clearInterval(retryTimer);
        retryTimer = null;
        send();
      }
    }, 15000);
  }

  form.addEventListener("input", function () { save(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save(true);
    send();
  });
  window.addEventListener("online", function () {
    var draft = load();
    if (draft && draft.pending) { send(); }
  });

  var draft = load();
  if (draft) {
    restore(draft);
    if (draft.pending && navigator.onLine !== false) { send(); }
  }
})();
