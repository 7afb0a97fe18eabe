"""No image keeps its EXIF/GPS block, whichever way it enters the site, and a photo taken on
its side is stored upright (the orientation applied to the pixels before the tag goes)."""

import io

import pytest
from PIL import Image as PILImage

from cms.users.factories import UserFactory

from .image_paths import IMAGE_PATHS
from .test_uploads import GPS_IFD, assert_no_metadata, jpeg_with_gps


@pytest.fixture
def editor(client, home_page):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.mark.parametrize("path", IMAGE_PATHS)
def test_a_phone_photo_loses_its_gps_and_is_stored_upright(editor, tmp_path, path):
    content = jpeg_with_gps(orientation=6)
    assert PILImage.open(io.BytesIO(content)).getexif().get_ifd(GPS_IFD), "fixture lost its GPS"

    outcome = IMAGE_PATHS[path](editor, "phone.jpg", content, tmp_path)

    assert outcome.errors == ""
    picture = assert_no_metadata(outcome.stored)
    assert picture.size == (48, 64)  # stored on its side as (64, 48), shown upright
