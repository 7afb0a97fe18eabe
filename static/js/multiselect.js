/*
 * A filter box and removable chips for long checkbox lists (class pb-multiselect).
 *
 * Progressive enhancement: without this script each list is a short scrolling box of checkboxes
 * inside its fieldset and legend, and the form works the same. With it, a text box above the
 * list hides the choices that do not contain what was typed (accents and case ignored), a polite
 * status says how many are shown, and the checked choices appear as buttons above the box;
 * pressing one unchecks its choice. The words come from data attributes of the form (or another
 * ancestor), translated with the page: data-filter-label, data-count, data-remove, data-selected.
 */
(function () {
    "use strict";

    var counter = 0;

    function fold(text) {
        return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }

    function format(template, values) {
        return template.replace(/\{(\w+)\}/g, function (_match, key) {
            return values[key];
        });
    }

    function enhance(list) {
        var words = list.closest("[data-filter-label]");
        if (!words) {
            return;
        }
        counter += 1;
        var options = Array.prototype.map.call(
            list.querySelectorAll("input[type=checkbox]"),
            function (input) {
                var label = input.closest("label");
                return {
                    input: input,
                    row: label.parentElement === list ? label : label.parentElement,
                    name: label.textContent.trim(),
                    key: fold(label.textContent),
                };
            }
        );

        var filterId = "pb-multiselect-filter-" + counter;
        var statusId = "pb-multiselect-status-" + counter;
        var wrapper = document.createElement("div");
        wrapper.className = "pb-multiselect__filter";
        var label = document.createElement("label");
        label.htmlFor = filterId;
        label.textContent = words.dataset.filterLabel;
        // Several lists share the visible words; the hidden legend tells their boxes apart.
        var legend = list.closest("fieldset") && list.closest("fieldset").querySelector("legend");
        var fieldName = legend ? legend.firstChild.textContent.trim() : "";
        if (fieldName) {
            var hiddenName = document.createElement("span");
            hiddenName.className = "visually-hidden";
            hiddenName.textContent = ": " + fieldName;
            label.appendChild(hiddenName);
        }
        var filter = document.createElement("input");
        filter.type = "search";
        filter.id = filterId;
        filter.autocomplete = "off";
        filter.setAttribute("aria-controls", list.id);
        filter.setAttribute("aria-describedby", statusId);
        wrapper.appendChild(label);
        wrapper.appendChild(filter);

        var chips = document.createElement("ul");
        chips.className = "pb-chips";
        chips.setAttribute(
            "aria-label",
            fieldName ? words.dataset.selected + ": " + fieldName : words.dataset.selected
        );

        var status = document.createElement("p");
        status.className = "pb-multiselect__status";
        status.id = statusId;
        status.setAttribute("role", "status");

        list.parentNode.insertBefore(chips, list);
        list.parentNode.insertBefore(wrapper, list);
        list.parentNode.insertBefore(status, list.nextSibling);

        function applyFilter(announce) {
            var needle = fold(filter.value);
            var shown = 0;
            options.forEach(function (option) {
                var match = !needle || option.key.indexOf(needle) !== -1;
                option.row.hidden = !match;
                if (match) {
                    shown += 1;
                }
            });
            var text = needle
                ? format(words.dataset.count, { shown: shown, total: options.length })
                : "";
            // An empty status until someone types: a count nobody asked for is noise.
            if (announce || !text) {
                status.textContent = text;
            }
        }

        function renderChips(focusIndex) {
            chips.textContent = "";
            var checked = options.filter(function (option) {
                return option.input.checked;
            });
            checked.forEach(function (option) {
                var item = document.createElement("li");
                var button = document.createElement("button");
                button.type = "button";
                button.className = "pb-chip";
                button.textContent = option.name;
                var cross = document.createElement("span");
                cross.setAttribute("aria-hidden", "true");
                cross.textContent = "\u00d7";
                button.appendChild(cross);
                button.setAttribute("aria-label", format(words.dataset.remove, { name: option.name }));
                button.addEventListener("click", function () {
                    var index = checked.indexOf(option);
                    option.input.checked = false;
                    renderChips(index);
                });
                item.appendChild(button);
                chips.appendChild(item);
            });
            if (focusIndex !== undefined) {
                // Focus stays near where it was: the next chip, else the filter box.
                var buttons = chips.querySelectorAll("button");
                var target = buttons[Math.min(focusIndex, buttons.length - 1)] || filter;
                target.focus();
            }
        }

        filter.addEventListener("input", function () {
            applyFilter(true);
        });
        filter.addEventListener("keydown", function (event) {
            // Enter in the filter would submit the whole form half filled in.
            if (event.key === "Enter") {
                event.preventDefault();
                var first = options.filter(function (option) {
                    return !option.row.hidden;
                })[0];
                if (first) {
                    first.input.focus();
                }
            }
        });
        list.addEventListener("change", function () {
            renderChips();
        });
        renderChips();
    }

    function init() {
        document.querySelectorAll("div.pb-multiselect").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
