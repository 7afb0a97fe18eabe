from django import template

from cms.navigation.selectors import Navigation, navigation_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def get_navigation(context) -> Navigation:
    """The main menu's groups and the footer's links, in the visitor's language."""
    request = context.get("request")
    if request is None:
        return Navigation(groups=[], footer={})
    return navigation_for_request(request=request, current_page=context.get("page"))
