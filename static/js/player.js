/*
 * The module player: reports what is actually played, resumes, and makes the transcript and
 * chapters interactive. Progressive enhancement only: without this file the chapters and the
 * transcript are links to ?t=<seconds>, which the page turns into a media fragment.
 *
 * Progress: the browser's video.played TimeRanges hold exactly the ranges played (seeking ahead
 * adds nothing), so they are sent as they are; the server keeps the union. Reports go every
 * 15 seconds while playing and on pause, seek, end and when the page is hidden (fetch with
 * keepalive survives the page being closed, and unlike sendBeacon it can carry the CSRF header).
 */
(function () {
    "use strict";

    var REPORT_EVERY_MS = 15000;
    var MAX_RANGES = 200;
    var RESUME_MARGIN_S = 5;

    function seekLinks(root) {
        return Array.prototype.slice.call(root.querySelectorAll("a[data-seek]"));
    }

    function playedRanges(video) {
        var ranges = [];
        var played = video.played;
        for (var i = 0; i < played.length && ranges.length < MAX_RANGES; i++) {
            var start = played.start(i);
            var end = played.end(i);
            if (isFinite(start) && isFinite(end) && end > start) {
                ranges.push([Math.round(start * 1000) / 1000, Math.round(end * 1000) / 1000]);
            }
        }
        return ranges;
    }

    function setUpProgress(video) {
        var url = video.dataset.progressUrl;
        if (!url) {
            return;
        }
        var token = video.dataset.csrfToken;
        var status = document.querySelector("[data-progress-status]");
        var meter = document.getElementById("progress-module-watched-value");
        var bar = meter ? meter.parentNode.querySelector("progress") : null;
        var lastSent = "";
        var stopped = false;
        var timer = null;
        var announcedComplete = false;

        function show(result) {
            if (bar) {
                bar.value = result.watched_percent;
                bar.textContent = result.watched_percent + "%";
            }
            if (meter) {
                meter.textContent = result.watched_percent + "%";
            }
            if (!status) {
                return;
            }
            if (result.completed && !announcedComplete) {
                announcedComplete = true;
                status.textContent = status.dataset.completeText;
            } else if (!result.completed) {
                status.textContent = status.dataset.template.replace("__percent__", result.watched_percent);
            }
        }

        function report(leaving) {
            if (stopped) {
                return;
            }
            var body = JSON.stringify({
                intervals: playedRanges(video),
                position: Math.round(video.currentTime * 1000) / 1000,
            });
            if (body === lastSent) {
                return;
            }
            lastSent = body;
            fetch(url, {
                method: "POST",
                credentials: "same-origin",
                keepalive: !!leaving,
                headers: { "Content-Type": "application/json", "X-CSRFToken": token },
                body: body,
            })
                .then(function (response) {
                    if (response.status === 403 || response.status === 404) {
                        stopped = true; // logged out or no longer enrolled: stop reporting
                        return null;
                    }
                    if (!response.ok) {
                        lastSent = ""; // try again with the next report
                        return null;
                    }
                    return response.json();
                })
                .then(function (result) {
                    if (result && !leaving) {
                        show(result);
                    }
                })
                .catch(function () {
                    lastSent = "";
                });
        }

        video.addEventListener("play", function () {
            report(false);
            if (timer === null) {
                timer = window.setInterval(function () {
                    report(false);
                }, REPORT_EVERY_MS);
            }
        });
        ["pause", "ended"].forEach(function (name) {
            video.addEventListener(name, function () {
                window.clearInterval(timer);
                timer = null;
                report(false);
            });
        });
        video.addEventListener("seeked", function () {
            report(false);
        });
        document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "hidden") {
                report(true);
            }
        });
        window.addEventListener("pagehide", function () {
            report(true);
        });
    }

    function setUpStart(video) {
        // ?t= wins; otherwise resume where the learner stopped, unless that was at the very end.
        var start = video.dataset.start;
        var resume = parseFloat(video.dataset.resume || "0");
        var target = null;
        if (start !== undefined) {
            target = parseFloat(start);
        } else if (resume > RESUME_MARGIN_S) {
            target = resume;
        }
        if (target === null || !isFinite(target)) {
            return;
        }
        function seek() {
            if (!isFinite(video.duration) || target < video.duration - RESUME_MARGIN_S) {
                video.currentTime = target;
            }
        }
        if (video.readyState >= 1) {
            seek();
        } else {
            video.addEventListener("loadedmetadata", seek, { once: true });
        }
    }

    function setUpSeekLinks(video) {
        document.addEventListener("click", function (event) {
            var link = event.target.closest ? event.target.closest("a[data-seek]") : null;
            if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
                return;
            }
            var seconds = parseFloat(link.dataset.seek);
            if (!isFinite(seconds)) {
                return;
            }
            // Links are activated by Enter as well as by a click, so keyboards get this too.
            event.preventDefault();
            video.currentTime = seconds;
            var playing = video.play();
            if (playing && playing.catch) {
                playing.catch(function () {});
            }
            if (history.replaceState) {
                history.replaceState(null, "", "?t=" + Math.floor(seconds) + "#player");
            }
        });
    }

    function setUpTranscript(video) {
        var list = document.querySelector("[data-transcript]");
        if (!list) {
            return;
        }
        var links = seekLinks(list);
        var starts = links.map(function (link) {
            return parseFloat(link.dataset.seek);
        });
        var ends = links.map(function (link) {
            return parseFloat(link.dataset.end);
        });
        var current = -1;
        var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

        function cueAt(time) {
            // The last cue starting at or before the time (cues are in order): a binary search.
            var low = 0;
            var high = starts.length - 1;
            var found = -1;
            while (low <= high) {
                var middle = (low + high) >> 1;
                if (starts[middle] <= time) {
                    found = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            return found !== -1 && time < ends[found] ? found : -1;
        }

        video.addEventListener("timeupdate", function () {
            var index = cueAt(video.currentTime);
            if (index === current) {
                return;
            }
            if (current !== -1) {
                links[current].removeAttribute("aria-current");
            }
            current = index;
            if (index === -1) {
                return;
            }
            var link = links[index];
            // aria-current marks the line for assistive technology; the CSS styles it as well
            // as colouring it, so the highlight does not rely on colour alone.
            link.setAttribute("aria-current", "true");
            // Follow the speech only while the reader is not working in the transcript.
            if (!list.contains(document.activeElement) && !list.matches(":hover")) {
                var top = link.parentNode.offsetTop - list.offsetTop - list.clientHeight / 3;
                list.scrollTo({ top: top, behavior: reduceMotion ? "auto" : "smooth" });
            }
        });
    }

    function init() {
        var video = document.querySelector("video[data-player]");
        if (!video) {
            return;
        }
        setUpStart(video);
        setUpSeekLinks(video);
        setUpTranscript(video);
        setUpProgress(video);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
