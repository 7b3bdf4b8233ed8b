"""Settings read from the environment: the public address printed on contracts."""

import pytest

from portal.settings import Settings, SettingsError


def test_the_public_address_defaults_to_the_development_server():
    assert Settings.from_env({}).public_base_url == "http://127.0.0.1:8000"


def test_the_public_address_is_kept_without_its_trailing_slash():
    assert (
        Settings.from_env({"PUBLIC_BASE_URL": "https://jobs.pengan.gov.cn/"}).public_base_url
        == "https://jobs.pengan.gov.cn"
    )


@pytest.mark.parametrize(
    "raw",
    [
        "jobs.pengan.gov.cn",
        "javascript:alert(1)",
        "ftp://jobs.pengan.gov.cn",
        "https://",
        "https://jobs.pengan.gov.cn/?a=1",
    ],
)
def test_a_public_address_that_is_not_a_web_address_is_refused(raw):
    with pytest.raises(SettingsError, match="PUBLIC_BASE_URL"):
        Settings.from_env({"PUBLIC_BASE_URL": raw})
