/*
 * The module player: reports what is actually played, resumes, and makes the transcript and
 * chapters interactive. Progressive enhancement only: without this file the chapters and the
 * transcript are links to ?t=<seconds>, which the page turns into a media fragment.
 *
 * Progress: the browser's video.played TimeRanges hold exactly the ranges played (seeking ahead
 * adds nothing), so they are sent as they are; the server keeps the union. Reports go every
 * 15 seconds while playing and on pause, seek, end and when the page is hidden (fetch with
 * keepalive survives the page being closed, and unlike sendBeacon it can carry the CSRF header).
 *
 * The server credits newly played seconds by its own clock only: the first report of a module
 * (the one sent when playback starts) begins the viewing and credits nothing, and each later one
 * credits at most 2.5 times the real time since the previous report, counting no more than
 * twice REPORT_EVERY_MS (courses/rules.py). What a report claims beyond that is
 * answered as "pending_seconds": while there are any, the player keeps reporting every
 * REPORT_EVERY_MS, playing or not, and each report earns more credit. So honest viewing is
 * always credited in full, if sometimes a little later: after a stretch played offline, say,
 * whose reports the server never saw and so cannot have timed.
 *
 * Nothing played is lost when reports fail (a network drop, a server restart): what a report
 * carries is kept in sessionStorage until the server has answered 2xx with nothing pending, and
 * sent again with the next report, after a reload too. Reports are retried every
 * REPORT_EVERY_MS, not all at once when the connection is back: the server would credit a burst
 * of reports no more than one. The server stores the union, so sending a range twice is
 * harmless. After a few failures in a row the status line says so, politely; the next report
 * that gets through puts the usual text back.
 */
(function () {
    "use strict";

    var REPORT_EVERY_MS = 15000; // the server's REPORT_INTERVAL_SECONDS
    var MAX_RANGES = 200;
    var RESUME_MARGIN_S = 5;
    var FAILURES_BEFORE_NOTICE = 3;
    // Reports sent while paused (for pending seconds or after a failure) stop after this many
    // in a row that change nothing: ten minutes of an unreachable server. Playing, a reload or
    // an answer that credits something starts them again.
    var MAX_FOLLOW_UPS_WITHOUT_PROGRESS = 40;

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

    function mergedRanges(ranges) {
        // The union of [start, end] pairs, as the server computes it, so a report stays small.
        var sorted = ranges
            .filter(function (range) {
                return Array.isArray(range) && isFinite(range[0]) && isFinite(range[1]) && range[1] > range[0];
            })
            .sort(function (a, b) {
                return a[0] - b[0];
            });
        var merged = [];
        sorted.forEach(function (range) {
            var last = merged[merged.length - 1];
            if (last && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.push([range[0], range[1]]);
            }
        });
        return merged.slice(0, MAX_RANGES);
    }

    function unsentStore(url) {
        // Per tab and per module; private browsing or a full quota just means no memory.
        var key = "heritage-hub:unsent-progress:" + url;
        return {
            load: function () {
                try {
                    var saved = JSON.parse(window.sessionStorage.getItem(key) || "null");
                    return saved && Array.isArray(saved.intervals) ? saved : null;
                } catch (error) {
                    return null;
                }
            },
            save: function (report) {
                try {
                    window.sessionStorage.setItem(key, JSON.stringify(report));
                } catch (error) {
                    /* nothing to do: the page keeps retrying while it is open */
                }
            },
            clear: function () {
                try {
                    window.sessionStorage.removeItem(key);
                } catch (error) {
                    /* as above */
                }
            },
        };
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
        var timer = null; // the heartbeat while playing
        var followUp = null; // the next report while paused, for pending seconds or a retry
        var followUpsWithoutProgress = 0;
        var lastPending = 0; // what the newest answer said was not credited yet
        var announcedComplete = false;
        var store = unsentStore(url);
        var saved = store.load();
        var unsent = saved ? saved.intervals : []; // sent, but not yet acknowledged
        var sentCount = 0;
        var failures = 0;

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
            var noticeShown = status.textContent === status.dataset.failingText;
            if (result.completed && (!announcedComplete || noticeShown)) {
                announcedComplete = true;
                status.textContent = status.dataset.completeText;
            } else if (!result.completed) {
                status.textContent = status.dataset.template.replace("__percent__", result.watched_percent);
            }
        }

        function scheduleFollowUp() {
            // While playing the heartbeat reports anyway; one follow-up at a time.
            if (stopped || timer !== null || followUp !== null) {
                return;
            }
            if (followUpsWithoutProgress >= MAX_FOLLOW_UPS_WITHOUT_PROGRESS) {
                return;
            }
            followUp = window.setTimeout(function () {
                followUp = null;
                followUpsWithoutProgress += 1;
                report(false, true);
            }, REPORT_EVERY_MS);
        }

        function answered(pending) {
            // Only the newest report's answer counts: it carried everything played so far.
            if (pending === 0 || pending < lastPending) {
                followUpsWithoutProgress = 0;
            }
            lastPending = pending;
            if (pending > 0) {
                scheduleFollowUp(); // kept in unsent and sessionStorage until credited
            } else {
                unsent = [];
                store.clear();
            }
        }

        function failed(intervals, position) {
            lastSent = ""; // try again with the next report
            unsent = mergedRanges(unsent.concat(intervals));
            store.save({ intervals: unsent, position: position });
            failures += 1;
            if (status && failures === FAILURES_BEFORE_NOTICE && status.dataset.failingText) {
                status.textContent = status.dataset.failingText;
            }
            scheduleFollowUp();
        }

        function send(intervals, position, leaving, force) {
            var body = JSON.stringify({ intervals: intervals, position: position });
            if (body === lastSent && !force) {
                return;
            }
            lastSent = body;
            var number = ++sentCount;
            // Remembered before sending: a report sent while the page closes gets no answer.
            store.save({ intervals: intervals, position: position });
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
                        unsent = [];
                        store.clear();
                        return null;
                    }
                    if (!response.ok) {
                        failed(intervals, position);
                        return null;
                    }
                    failures = 0;
                    return response.json().then(function (result) {
                        if (number === sentCount) {
                            answered(result.pending_seconds || 0);
                        }
                        return result;
                    });
                })
                .then(function (result) {
                    if (result && !leaving) {
                        show(result);
                    }
                })
                .catch(function () {
                    failed(intervals, position);
                });
        }

        function report(leaving, force) {
            if (stopped) {
                return;
            }
            var intervals = mergedRanges(unsent.concat(playedRanges(video)));
            send(intervals, Math.round(video.currentTime * 1000) / 1000, leaving, force);
        }

        video.addEventListener("play", function () {
            // Also the server's start of the viewing, the moment its clock begins.
            report(false);
            window.clearTimeout(followUp);
            followUp = null;
            followUpsWithoutProgress = 0;
            if (timer === null) {
                timer = window.setInterval(function () {
                    // Sent even when nothing more was played (buffering) while seconds are pending.
                    report(false, lastPending > 0);
                }, REPORT_EVERY_MS);
            }
        });
        ["pause", "ended"].forEach(function (name) {
            video.addEventListener(name, function () {
                window.clearInterval(timer);
                timer = null;
                report(false);
                if (lastPending > 0) {
                    scheduleFollowUp(); // what the heartbeat was still catching up
                }
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
        if (saved && saved.intervals.length) {
            // Left over from an earlier visit whose reports did not get through.
            send(mergedRanges(saved.intervals), saved.position || 0, false);
        }
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

    function setUpKeyboard(video) {
        // Chromium's built-in controls play and pause with Space but do not seek from the
        // keyboard: the arrow keys on the focused video (or its controls) step back and
        // forward, as in Firefox and most players. preventDefault keeps a browser that seeks
        // by itself from stepping twice.
        var STEP_S = 5;
        video.addEventListener("keydown", function (event) {
            var step = { ArrowLeft: -STEP_S, ArrowRight: STEP_S }[event.key];
            if (!step || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
                return;
            }
            event.preventDefault();
            var end = isFinite(video.duration) ? video.duration : Infinity;
            video.currentTime = Math.min(Math.max(video.currentTime + step, 0), end);
        });
    }

    function init() {
        var video = document.querySelector("video[data-player]");
        if (!video) {
            return;
        }
        setUpStart(video);
        setUpSeekLinks(video);
        setUpKeyboard(video);
        setUpTranscript(video);
        setUpProgress(video);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
