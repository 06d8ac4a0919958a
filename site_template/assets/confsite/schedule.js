/* confsite: personal agenda (stars in localStorage), filters, list/grid view, the "now"
   line, the visitor's time zone, and an .ics export of starred sessions. No framework, no
   network: everything it needs is in the page's data-* attributes. */
(function () {
  "use strict";

  function meta(name) {
    var el = document.querySelector('meta[name="confsite:' + name + '"]');
    return el ? el.getAttribute("content") : "";
  }

  var KEY = "confsite:" + (meta("conference") || "site") + ":starred";

  function starred() {
    try {
      return new Set(JSON.parse(localStorage.getItem(KEY) || "[]"));
    } catch (e) {
      return new Set();
    }
  }

  function save(set) {
    try {
      localStorage.setItem(KEY, JSON.stringify(Array.from(set).sort()));
    } catch (e) { /* private mode: stars last for this page only */ }
  }

  function paintStars(root) {
    var set = starred();
    root.querySelectorAll("[data-star]").forEach(function (button) {
      var on = set.has(button.getAttribute("data-star"));
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "★" : "☆";
    });
  }

  /* The clock: ?now=2027-06-18T11:10+08:00 pins it (for previews and tests). */
  function now() {
    var pinned = new URLSearchParams(window.location.search).get("now");
    if (pinned) {
      var at = new Date(pinned);
      if (!isNaN(at.getTime())) return at;
    }
    return new Date();
  }

  function applyFilters(schedule) {
    var wanted = {};
    schedule.querySelectorAll("[data-filter]").forEach(function (select) {
      wanted[select.getAttribute("data-filter")] = select.value;
    });
    var only = schedule.querySelector("[data-only-starred]");
    var onlyStarred = only && only.checked;
    var set = starred();
    schedule.querySelectorAll("[data-session]").forEach(function (el) {
      var show = true;
      Object.keys(wanted).forEach(function (field) {
        if (wanted[field] && el.getAttribute("data-" + field) !== wanted[field]) show = false;
      });
      if (onlyStarred && !set.has(el.getAttribute("data-session"))) show = false;
      el.classList.toggle("cs-hidden", !show);
    });
  }

  function formatClock(iso, zone, lang) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (zone) options.timeZone = zone;
    return new Intl.DateTimeFormat(lang || undefined, options).format(new Date(iso));
  }

  function applyZone(schedule) {
    var local = schedule.querySelector("[data-local-time]");
    var eventZone = schedule.getAttribute("data-timezone");
    var lang = schedule.getAttribute("data-lang") === "zh" ? "zh-CN" : "en-GB";
    var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var zone = local && local.checked ? visitorZone : eventZone;
    schedule.querySelectorAll(".cs-clock[data-time]").forEach(function (el) {
      el.textContent = formatClock(el.getAttribute("data-time"), zone, lang);
    });
    var note = schedule.querySelector(".cs-visitor-zone");
    if (note) {
      note.hidden = !(local && local.checked);
      note.textContent = " → " + visitorZone;
    }
  }

  function placeNowLine(schedule) {
    var at = now();
    var jump = schedule.querySelector("[data-jump-now]");
    var target = null;
    schedule.querySelectorAll(".cs-now-line").forEach(function (line) { line.remove(); });
    schedule.querySelectorAll(".cs-running").forEach(function (el) { el.classList.remove("cs-running"); });
    schedule.querySelectorAll(".cs-day[data-opens]").forEach(function (day) {
      var opens = new Date(day.getAttribute("data-opens"));
      var closes = new Date(day.getAttribute("data-closes"));
      if (at < opens || at > closes) return;
      target = day;
      day.querySelectorAll("[data-session]").forEach(function (el) {
        var start = new Date(el.getAttribute("data-start"));
        var end = new Date(el.getAttribute("data-end"));
        if (start <= at && at < end) el.classList.add("cs-running");
      });
      var grid = day.querySelector(".cs-grid");
      if (!grid) return;
      /* Rows are time intervals: find the one holding "now" and interpolate inside it. */
      var rows = grid.getAttribute("data-rows").split(",").map(Number);
      var first = Number(grid.getAttribute("data-first-minute"));
      var dayStart = new Date(day.getAttribute("data-opens"));
      var zoneMidnight = dayStart.getTime() - (opensMinute(day) * 60000);
      var minute = (at.getTime() - zoneMidnight) / 60000;
      var heights = getComputedStyle(grid).gridTemplateRows.split(" ").map(parseFloat);
      var gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
      var y = heights[0] + gap;
      var edge = first;
      for (var i = 0; i < rows.length; i++) {
        if (minute < edge + rows[i]) {
          y += Math.max(0, minute - edge) / rows[i] * heights[i + 1];
          var line = document.createElement("div");
          line.className = "cs-now-line";
          line.style.top = y + "px";
          grid.appendChild(line);
          break;
        }
        y += heights[i + 1] + gap;
        edge += rows[i];
      }
    });
    if (jump) {
      jump.hidden = !target;
      jump.onclick = function () {
        var running = target && (target.querySelector(".cs-now-line") || target.querySelector(".cs-running"));
        (running || target).scrollIntoView({ block: "center" });
      };
    }
  }

  function opensMinute(day) {
    /* Minutes after local midnight (in the event's zone) at which the day opens. */
    var match = /T(\d{2}):(\d{2})/.exec(day.getAttribute("data-opens"));
    return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
  }

  function icsEscape(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  }

  function icsTime(iso) {
    return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  }

  function exportStarred(schedule) {
    var set = starred();
    var seen = {};
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//confsite//starred sessions//EN",
      "X-WR-CALNAME:" + icsEscape(schedule.getAttribute("data-calendar-name") || "")];
    var stamp = icsTime(new Date().toISOString());
    schedule.querySelectorAll("[data-session]").forEach(function (el) {
      var id = el.getAttribute("data-session");
      if (!set.has(id) || seen[id] || !el.getAttribute("data-start")) return;
      seen[id] = true;
      var link = el.querySelector("a[href]");
      lines.push("BEGIN:VEVENT", "UID:" + id + "@" + (meta("conference") || "confsite"),
        "DTSTAMP:" + stamp, "DTSTART:" + icsTime(el.getAttribute("data-start")),
        "DTEND:" + icsTime(el.getAttribute("data-end")),
        "SUMMARY:" + icsEscape(el.getAttribute("data-title")),
        "LOCATION:" + icsEscape(el.getAttribute("data-where") || ""));
      if (link) lines.push("URL:" + link.href);
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    var blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/calendar" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = (meta("conference") || "agenda") + "-starred.ics";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function setView(schedule, view) {
    schedule.setAttribute("data-view", view);
    schedule.querySelectorAll(".cs-views [data-view]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-view") === view ? "true" : "false");
    });
  }

  function init() {
    paintStars(document);
    document.querySelectorAll("[data-star]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var id = button.getAttribute("data-star");
        var set = starred();
        if (set.has(id)) set.delete(id); else set.add(id);
        save(set);
        paintStars(document);
        document.querySelectorAll(".cs-schedule").forEach(applyFilters);
      });
    });
    document.querySelectorAll(".cs-schedule").forEach(function (schedule) {
      schedule.querySelectorAll("[data-filter], [data-only-starred]").forEach(function (input) {
        input.addEventListener("change", function () { applyFilters(schedule); });
      });
      var local = schedule.querySelector("[data-local-time]");
      if (local) local.addEventListener("change", function () { applyZone(schedule); });
      var exporter = schedule.querySelector("[data-export-starred]");
      if (exporter) exporter.addEventListener("click", function () { exportStarred(schedule); });
      schedule.querySelectorAll(".cs-views [data-view]").forEach(function (button) {
        button.addEventListener("click", function () { setView(schedule, button.getAttribute("data-view")); });
      });
      if (window.matchMedia && window.matchMedia("(max-width: 59.984375em)").matches) {
        setView(schedule, "list");
      }
      applyFilters(schedule);
      placeNowLine(schedule);
      window.addEventListener("resize", function () { placeNowLine(schedule); });
      setInterval(function () { placeNowLine(schedule); }, 60000);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
