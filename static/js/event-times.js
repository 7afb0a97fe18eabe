/*
 * Event times in the visitor's own time zone. Progressive enhancement only: the page states
 * each session's time in the zone where it happens (14:00 CET); where the visitor's browser is
 * in another zone, this adds their local time after it, "(Your time: 08:00–09:30 EST)".
 *
 * Reads the <time data-event-start|data-event-end datetime="ISO 8601 with offset"> elements of
 * each [data-event-when] (templates/events/session_when.html), whose data-time-zone is the
 * session's zone and data-local-label the translated "Your time".
 */
(function () {
    "use strict";

    if (typeof Intl === "undefined" || !Intl.DateTimeFormat) {
        return;
    }
    var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var language = document.documentElement.lang || undefined;

    function format(date, withDay, withZone) {
        var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
        if (withDay) {
            options.weekday = "short";
            options.day = "numeric";
            options.month = "short";
        }
        if (withZone) {
            options.timeZoneName = "short";
        }
        return new Intl.DateTimeFormat(language, options).format(date);
    }

    function sameLocalDay(a, b) {
        return a.toDateString() === b.toDateString();
    }

    function enhance(element) {
        var sessionZone = element.getAttribute("data-time-zone");
        var startElement = element.querySelector("time[data-event-start]");
        if (!startElement || !sessionZone || sessionZone === visitorZone) {
            return;
        }
        var start = new Date(startElement.getAttribute("datetime"));
        if (isNaN(start.getTime())) {
            return;
        }
        // The local day can differ from the session's (an evening in Europe is morning in
        // Asia), so say it whenever it does.
        var sessionDay = startElement.getAttribute("datetime").slice(0, 10);
        var localDay = [
            start.getFullYear(),
            String(start.getMonth() + 1).padStart(2, "0"),
            String(start.getDate()).padStart(2, "0"),
        ].join("-");
        var text = format(start, localDay !== sessionDay, false);
        var endElement = element.querySelector("time[data-event-end]");
        var end = endElement ? new Date(endElement.getAttribute("datetime")) : null;
        if (end && !isNaN(end.getTime())) {
            text += "\u2013" + format(end, !sameLocalDay(start, end), true);
        } else {
            text = format(start, localDay !== sessionDay, true);
        }
        var local = document.createElement("span");
        local.className = "event-when__local";
        local.textContent = " (" + element.getAttribute("data-local-label") + ": " + text + ")";
        element.appendChild(local);
    }

    Array.prototype.forEach.call(document.querySelectorAll("[data-event-when]"), enhance);
})();
