/*
 * Countdown for a timed quiz attempt (templates/courses/quiz_take.html). Progressive
 * enhancement: the page already prints the deadline, and the server enforces it whatever this
 * script does. The script shows the time left, tells screen reader users (politely, a few
 * times only: at 5 and 1 minutes) and submits the answers when time runs out.
 *
 * It counts from the seconds left that the server computed when it sent the page, with the
 * browser's monotonic clock, so a wrong clock on the learner's computer does not matter.
 */
(function () {
    "use strict";

    var form = document.getElementById("quiz-form");
    var timer = document.getElementById("quiz-timer");
    var clock = document.getElementById("quiz-timer-clock");
    var announcement = document.getElementById("quiz-timer-announcement");
    if (!form || !timer || !clock || !form.dataset.secondsLeft) {
        return;
    }

    var secondsLeft = parseInt(form.dataset.secondsLeft, 10);
    if (isNaN(secondsLeft)) {
        return;
    }
    var endsAt = performance.now() + secondsLeft * 1000;
    var announced = {};
    var submitted = false;

    form.addEventListener("submit", function () {
        submitted = true;
    });

    function format(seconds) {
        var minutes = Math.floor(seconds / 60);
        var rest = seconds % 60;
        return minutes + ":" + (rest < 10 ? "0" : "") + rest;
    }

    function announce(text) {
        if (announcement) {
            announcement.textContent = text;
        }
    }

    function tick() {
        var left = Math.max(0, Math.round((endsAt - performance.now()) / 1000));
        clock.textContent = format(left);
        timer.classList.toggle("quiz-timer--urgent", left <= 60);

        if (left <= 300 && left > 60 && !announced.five) {
            announced.five = true;
            announce(form.dataset.labelMinutes.replace("%(minutes)s", Math.ceil(left / 60)));
        } else if (left <= 60 && left > 0 && !announced.one) {
            announced.one = true;
            announce(form.dataset.labelMinute);
        }

        if (left === 0) {
            if (!submitted) {
                submitted = true;
                announce(form.dataset.labelSubmitting);
                // requestSubmit fires the submit event like a click on the button would.
                if (typeof form.requestSubmit === "function") {
                    form.requestSubmit();
                } else {
                    form.submit();
                }
            }
            return;
        }
        window.setTimeout(tick, 1000);
    }

    timer.hidden = false;
    tick();
})();
