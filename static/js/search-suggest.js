/*
 * Suggestions as you type for every search field with data-suggest-url.
 *
 * Progressive enhancement: without this script the field is a plain search box in a GET form.
 * With it, the field becomes an ARIA 1.2 combobox (list autocomplete): suggestions appear in a
 * listbox below it, Down/Up move through them (aria-activedescendant, so focus stays in the
 * field), Enter opens the highlighted page, Escape closes the list, and a polite status message
 * says how many suggestions there are. Each suggestion names its type (Factsheet, Course, Partner
 * offer...); where the current language has no content of its own, the server searches all
 * languages and a note above the list (also in the status message) says so. Typing and
 * submitting work exactly as before.
 */
(function () {
    "use strict";

    var DELAY_MS = 200;
    var MIN_CHARS = 2;
    var counter = 0;

    function enhance(input) {
        counter += 1;
        var listId = "search-suggest-" + counter;
        // The popup holds the note and the listbox: a listbox may contain options only.
        var popup = document.createElement("div");
        popup.className = "search-suggest";
        popup.hidden = true;
        var note = document.createElement("p");
        note.className = "search-suggest__note";
        note.hidden = true;
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "search-suggest__list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
        popup.appendChild(note);
        popup.appendChild(list);

        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");

        input.parentNode.appendChild(popup);
        input.parentNode.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var timer = null;
        var active = -1;
        var options = [];
        var lastQuery = "";
        var controller = null;

        function close() {
            popup.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            options.forEach(function (option, i) {
                option.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", options[index].id);
                options[index].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function render(suggestions, notice) {
            list.textContent = "";
            note.textContent = notice || "";
            note.hidden = !notice;
            options = suggestions.map(function (suggestion, i) {
                var option = document.createElement("li");
                option.id = listId + "-" + i;
                option.className = "search-suggest__option";
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                var title = document.createElement("span");
                title.className = "search-suggest__title";
                title.textContent = suggestion.title;
                if (suggestion.language && suggestion.language !== document.documentElement.lang) {
                    title.lang = suggestion.language;
                }
                option.appendChild(title);
                if (suggestion.type) {
                    // Read as "Title, Factsheet", shown as a label beside the title. The comma
                    // stays in the title's box: the option lays both out as flex items.
                    var separator = document.createElement("span");
                    separator.className = "visually-hidden";
                    separator.textContent = ",";
                    title.appendChild(separator);
                    var kind = document.createElement("span");
                    kind.className = "search-suggest__type";
                    kind.textContent = suggestion.type;
                    option.appendChild(kind);
                }
                option.dataset.url = suggestion.url;
                option.addEventListener("mousedown", function (event) {
                    // Before the field's blur closes the list.
                    event.preventDefault();
                    window.location.href = suggestion.url;
                });
                list.appendChild(option);
                return option;
            });
            active = -1;
            if (options.length) {
                popup.hidden = false;
                input.setAttribute("aria-expanded", "true");
                // Translated by the template; every site language has the same two plural forms.
                var count = options.length === 1
                    ? input.dataset.suggestOne
                    : input.dataset.suggestMany.replace("{count}", options.length);
                status.textContent = notice ? notice + " " + count : count;
            } else {
                close();
                status.textContent = "";
            }
        }

        function fetchSuggestions() {
            var query = input.value.trim();
            if (query === lastQuery) {
                return;
            }
            lastQuery = query;
            if (query.length < MIN_CHARS) {
                render([], "");
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = "AbortController" in window ? new AbortController() : null;
            var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
            fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
                .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                .then(function (data) { render(data.suggestions || [], data.notice || ""); })
                .catch(function () { /* Suggestions are optional: the form still submits. */ });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DELAY_MS);
        });

        input.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown" && options.length) {
                event.preventDefault();
                popup.hidden = false;
                input.setAttribute("aria-expanded", "true");
                highlight((active + 1) % options.length);
            } else if (event.key === "ArrowUp" && options.length) {
                event.preventDefault();
                highlight(active <= 0 ? options.length - 1 : active - 1);
            } else if (event.key === "Enter" && active >= 0 && !popup.hidden) {
                event.preventDefault();
                window.location.href = options[active].dataset.url;
            } else if (event.key === "Escape" && !popup.hidden) {
                event.preventDefault();
                close();
            }
        });

        input.addEventListener("blur", close);
    }

    document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
})();
