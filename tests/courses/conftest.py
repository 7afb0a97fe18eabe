import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory


@pytest.fixture
def course(home_page):
    """A published course with two required modules, under a course index on the home page."""
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(parent=index, title="Caring for collections", slug="care")
    ModulePageFactory(parent=course, title="Module one", slug="one")
    ModulePageFactory(parent=course, title="Module two", slug="two")
    return course


@pytest.fixture
def modules(course):
    return list(course.get_children().specific().order_by("path"))
