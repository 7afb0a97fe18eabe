/*
 * The header's disclosures (progressive enhancement: without this file the menu is a plain,
 * always visible list and the buttons stay hidden).
 *
 * - "Menu" (phones): shows and hides the menu and account links.
 * - Each menu group's name (wide screens): shows and hides that group's links, one at a time.
 *
 * Buttons with aria-expanded and aria-controls, operated by Enter and Space like any button;
 * Escape closes what is open and returns focus to its button.
 */
(function () {
    "use strict";

    function init() {
        var header = document.querySelector(".site-header");
        var toggle = header && header.querySelector(".menu-toggle");
        var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
        if (!menu) {
            return;
        }
        var groupToggles = Array.prototype.slice.call(
            header.querySelectorAll(".site-nav__group-toggle")
        );

        function setOpen(button, panel, open) {
            button.setAttribute("aria-expanded", open ? "true" : "false");
            panel.classList.toggle("is-open", open);
        }

        function panelOf(button) {
            return document.getElementById(button.getAttribute("aria-controls"));
        }

        function closeGroups(except) {
            groupToggles.forEach(function (button) {
                if (button !== except) {
                    setOpen(button, panelOf(button), false);
                }
            });
        }

        header.classList.add("nav-enhanced");

        toggle.addEventListener("click", function () {
            setOpen(toggle, menu, toggle.getAttribute("aria-expanded") !== "true");
        });

        groupToggles.forEach(function (button) {
            button.addEventListener("click", function () {
                var open = button.getAttribute("aria-expanded") !== "true";
                closeGroups(button);
                setOpen(button, panelOf(button), open);
            });
        });

        header.addEventListener("keydown", function (event) {
            if (event.key !== "Escape") {
                return;
            }
            var openGroup = groupToggles.filter(function (button) {
                return button.getAttribute("aria-expanded") === "true";
            })[0];
            if (openGroup) {
                closeGroups(null);
                openGroup.focus();
            } else if (toggle.getAttribute("aria-expanded") === "true") {
                setOpen(toggle, menu, false);
                toggle.focus();
            }
        });

        // A group's list closes when focus or a click moves elsewhere, as a dropdown should.
        document.addEventListener("click", function (event) {
            if (!event.target.closest(".site-nav__group")) {
                closeGroups(null);
            }
        });
        header.addEventListener("focusout", function (event) {
            var group = event.target.closest(".site-nav__group");
            if (group && !group.contains(event.relatedTarget)) {
                closeGroups(null);
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
