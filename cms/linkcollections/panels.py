"""A read-only panel in the page editor: the links of this collection that the last check found
broken, as stored now (the editor's form shows the page's latest revision, whose copy of the
check results may be older)."""

from wagtail.admin.panels import Panel


class LinkCheckPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "linkcollections/admin/link_check_panel.html"

        def get_context_data(self, parent_context=None):
            from .selectors import page_link_check  # the models module imports this panel

            context = super().get_context_data(parent_context)
            if self.instance.pk:
                context.update(page_link_check(page_id=self.instance.pk))
            return context
