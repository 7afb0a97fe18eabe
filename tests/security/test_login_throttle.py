"""One address cannot guess passwords by spreading its attempts over many accounts.

django-axes locks an account from an address after AXES_FAILURE_LIMIT failures; on top of that
an address is locked out after AXES_IP_FAILURE_LIMIT failures on any accounts, on every form that
checks an account's password (the site's log-in, the admin's, re-authentication, the password
change), which all count together. Other addresses, and the right password from them, are not
affected; the address is the one our own proxies saw (PROXY_COUNT), not what a client claims.
"""

from django.conf import settings
from django.test import Client

import pytest

from cms.core.client_ip import client_throttle_address
from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from tests.users.utils import ADMIN_LOGIN_URL, LOGIN_URL, is_logged_in, main_text

ATTACKER = "203.0.113.66"
BYSTANDER = "198.51.100.20"
LOCKOUT_HEADING = "Too many failed log-in attempts"
ACCOUNTS = 100
GUESSES_PER_ACCOUNT = 2


def admin_login(client, email, password):
    return client.post(ADMIN_LOGIN_URL, {"username": email, "password": password})


def site_login(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def is_locked_out(response) -> bool:
    return response.status_code == 429 and LOCKOUT_HEADING in main_text(response)


def is_refused(response) -> bool:
    """Locked out by axes, or stopped by one of allauth's own limits (a 429, or the log-in form
    saying so before it checks the password)."""
    return response.status_code == 429 or "Too many failed login attempts" in main_text(response)


@pytest.fixture
def accounts(home_page):
    return UserFactory.create_batch(ACCOUNTS, superuser=True)


@pytest.fixture
def without_allauth_limits(settings):
    """allauth's own log-in limits (per address per minute) would answer the site's log-in
    first; without them the lockout below is shown to stand on its own."""
    settings.ACCOUNT_RATE_LIMITS = False


def spread_guesses(login, accounts, *, address=ATTACKER, **extra):
    """Two wrong passwords for each account, from one address; the responses in order."""
    attacker = Client(REMOTE_ADDR=address, **extra)
    return [
        login(attacker, account.email, f"wrong guess {n}")
        for account in accounts
        for n in range(GUESSES_PER_ACCOUNT)
    ]


def first_lockout(responses) -> int:
    """The number of the first attempt answered with the lockout (1-based)."""
    return next(n for n, response in enumerate(responses, start=1) if is_locked_out(response))


def test_the_limit_is_far_below_what_spreading_over_accounts_tries():
    assert settings.AXES_FAILURE_LIMIT <= settings.AXES_IP_FAILURE_LIMIT
    assert settings.AXES_IP_FAILURE_LIMIT * 4 <= ACCOUNTS * GUESSES_PER_ACCOUNT


def test_admin_login_locks_out_an_address_that_spreads_guesses_over_accounts(accounts):
    responses = spread_guesses(admin_login, accounts)

    assert first_lockout(responses) == settings.AXES_IP_FAILURE_LIMIT
    # Every later attempt is refused too, not only the ones on accounts already guessed at.
    assert all(is_locked_out(r) for r in responses[settings.AXES_IP_FAILURE_LIMIT :])
    # Each account saw fewer failures than its own limit: only the address's budget stopped it.
    assert GUESSES_PER_ACCOUNT < settings.AXES_FAILURE_LIMIT


def test_the_locked_out_address_is_refused_even_the_right_password(accounts):
    spread_guesses(admin_login, accounts[:20])
    untouched = accounts[-1]

    attacker = Client(REMOTE_ADDR=ATTACKER)
    refused = admin_login(attacker, untouched.email, DEFAULT_PASSWORD)
    assert is_locked_out(refused)
    # The page says that the address is blocked, not that this one account is.
    assert "logging in from your address is blocked" in main_text(refused)
    assert is_locked_out(site_login(attacker, untouched.email, DEFAULT_PASSWORD))
    assert not is_logged_in(attacker)


@pytest.mark.parametrize("login", [admin_login, site_login], ids=["admin", "site"])
def test_another_address_logs_in_as_usual(accounts, login):
    spread_guesses(admin_login, accounts[:20])
    guessed_at = accounts[0]  # two failures from the attacker's address

    colleague = Client(REMOTE_ADDR=BYSTANDER)
    response = login(colleague, guessed_at.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(colleague)


def test_another_address_can_still_fail_a_few_times_without_a_lockout(accounts):
    spread_guesses(admin_login, accounts[:20])

    colleague = Client(REMOTE_ADDR=BYSTANDER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert not is_locked_out(admin_login(colleague, accounts[0].email, "typo"))
    assert admin_login(colleague, accounts[0].email, DEFAULT_PASSWORD).status_code == 302


def test_site_login_locks_out_an_address_that_spreads_guesses(accounts, without_allauth_limits):
    responses = spread_guesses(site_login, accounts)

    assert first_lockout(responses) == settings.AXES_IP_FAILURE_LIMIT
    assert all(is_locked_out(r) for r in responses[settings.AXES_IP_FAILURE_LIMIT :])


def test_site_login_with_allauth_limits_refuses_well_before_the_end(accounts):
    """With allauth's per-minute limit on failures per address, the site's log-in refuses even
    sooner; the axes lockout takes over from the next minutes' failures."""
    responses = spread_guesses(site_login, accounts)

    refused = [n for n, r in enumerate(responses, start=1) if is_refused(r)]
    assert refused
    assert refused[0] <= settings.AXES_IP_FAILURE_LIMIT
    assert all(is_refused(r) for r in responses[settings.AXES_IP_FAILURE_LIMIT :])
    # The right password from the address is refused as well.
    attacker = Client(REMOTE_ADDR=ATTACKER)
    assert is_refused(site_login(attacker, accounts[-1].email, DEFAULT_PASSWORD))
    assert not is_logged_in(attacker)


def test_admin_and_site_failures_count_together(accounts, without_allauth_limits):
    half = settings.AXES_IP_FAILURE_LIMIT // 2
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for account in accounts[:half]:
        assert not is_locked_out(admin_login(attacker, account.email, "wrong"))
    for account in accounts[half : settings.AXES_IP_FAILURE_LIMIT - 1]:
        assert not is_locked_out(site_login(attacker, account.email, "wrong"))

    assert is_locked_out(admin_login(attacker, accounts[-1].email, "wrong"))


def test_logging_in_to_an_own_account_does_not_wipe_the_address_count(
    accounts, without_allauth_limits
):
    """An attacker with an account of their own logs into it between guesses: axes forgets the
    failures on that account, not those on everyone else's."""
    own = UserFactory(email="attacker@example.org")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    responses = []
    for account in accounts[: settings.AXES_IP_FAILURE_LIMIT]:
        responses.append(admin_login(attacker, account.email, "wrong"))
        assert site_login(
            Client(REMOTE_ADDR=ATTACKER), own.email, DEFAULT_PASSWORD
        ).status_code in (
            302,
            429,
        )

    assert first_lockout(responses) == settings.AXES_IP_FAILURE_LIMIT


def test_password_change_guesses_count_towards_the_address(accounts, without_allauth_limits):
    """A form that asks for the current password is a log-in form too: a stolen session must
    not become a way to guess, and its guesses share the address's budget."""
    victim = accounts[0]
    attacker = Client(REMOTE_ADDR=ATTACKER)
    attacker.force_login(victim)
    for account in accounts[1 : settings.AXES_IP_FAILURE_LIMIT]:
        assert not is_locked_out(admin_login(Client(REMOTE_ADDR=ATTACKER), account.email, "wrong"))

    wrong = attacker.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": "wrong",
            "password1": "a new Passphrase 42",
            "password2": "a new Passphrase 42",
        },
    )
    assert wrong.status_code == 429
    assert is_locked_out(wrong)
    right = attacker.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a new Passphrase 42",
            "password2": "a new Passphrase 42",
        },
    )
    assert right.status_code == 429
    victim.refresh_from_db()
    assert victim.check_password(DEFAULT_PASSWORD)


def test_password_change_locks_the_account_after_its_own_limit(home_page):
    """One account's wrong current passwords lock it like wrong log-ins, so a stolen session
    cannot try the password for ever (allauth's own form compared it with no limit)."""
    victim = UserFactory()
    session = Client(REMOTE_ADDR=ATTACKER)
    session.force_login(victim)
    data = {"password1": "a new Passphrase 42", "password2": "a new Passphrase 42"}

    codes = [
        session.post("/en/accounts/password/change/", {"oldpassword": f"guess {n}", **data})
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert [r.status_code for r in codes[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert "Please type your current password." in main_text(codes[0])
    assert is_locked_out(codes[-1])
    # Refused from then on (the lockout, or allauth's own limit of password changes per user).
    refused = session.post(
        "/en/accounts/password/change/", {"oldpassword": DEFAULT_PASSWORD, **data}
    )
    assert refused.status_code == 429
    victim.refresh_from_db()
    assert victim.check_password(DEFAULT_PASSWORD)


def test_the_right_current_password_still_changes_it(home_page):
    user = UserFactory()
    client = Client(REMOTE_ADDR=BYSTANDER)
    client.force_login(user)

    response = client.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a new Passphrase 42",
            "password2": "a new Passphrase 42",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new Passphrase 42")


def test_reauthentication_guesses_count_towards_the_address(accounts, without_allauth_limits):
    spread_guesses(admin_login, accounts[: settings.AXES_IP_FAILURE_LIMIT // 2])
    session = Client(REMOTE_ADDR=ATTACKER)
    session.force_login(accounts[-1])

    responses = [
        session.post("/en/accounts/reauthenticate/", {"password": "wrong"}) for _ in range(3)
    ]

    assert any(is_locked_out(r) for r in responses)


class TestBehindAProxy:
    """With PROXY_COUNT=1 every request comes from the proxy; the client is the address the
    proxy appended to X-Forwarded-For, whatever the client put before it."""

    PROXY = "10.0.0.2"

    @pytest.fixture(autouse=True)
    def _one_proxy(self, settings):
        settings.PROXY_COUNT = 1

    def via_proxy(self, client_address, claimed=""):
        forwarded = f"{claimed}, {client_address}" if claimed else client_address
        return Client(REMOTE_ADDR=self.PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    def test_made_up_forwarded_addresses_do_not_evade_the_lockout(self, accounts):
        responses = []
        for n, account in enumerate(accounts[:30]):
            client = self.via_proxy(ATTACKER, claimed=f"192.0.2.{n}")
            responses.append(admin_login(client, account.email, "wrong"))

        assert first_lockout(responses) == settings.AXES_IP_FAILURE_LIMIT

    def test_other_clients_of_the_same_proxy_are_not_locked_out(self, accounts):
        for account in accounts[:30]:
            admin_login(self.via_proxy(ATTACKER), account.email, "wrong")

        colleague = self.via_proxy(BYSTANDER)
        assert admin_login(colleague, accounts[0].email, DEFAULT_PASSWORD).status_code == 302

    def test_allauth_counts_the_same_client(self, accounts, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
        for n, account in enumerate(accounts[:3]):
            site_login(self.via_proxy(ATTACKER, claimed=f"192.0.2.{n}"), account.email, "wrong")

        refused = site_login(self.via_proxy(ATTACKER, claimed="192.0.2.99"), accounts[5].email, "x")
        allowed = site_login(self.via_proxy(BYSTANDER), accounts[5].email, DEFAULT_PASSWORD)

        assert refused.status_code == 429 or "Too many failed login attempts" in main_text(refused)
        assert allowed.status_code == 302


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.9"}, "203.0.113.9"),
        # A client at an IPv6 address holds its whole /64.
        ({"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "2001:db8:1:2:bbbb::7"}, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.9"}, "203.0.113.9"),
        # Without PROXY_COUNT the header is the client's say and counts for nothing.
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "10.0.0.2"),
    ],
)
def test_the_address_a_throttle_counts(rf, meta, expected):
    request = rf.get("/", **meta)
    assert client_throttle_address(request) == expected


def test_ipv6_neighbours_share_one_budget(accounts):
    responses = []
    for n, account in enumerate(accounts[: settings.AXES_IP_FAILURE_LIMIT]):
        client = Client(REMOTE_ADDR=f"2001:db8:77:1::{n + 1:x}")
        responses.append(admin_login(client, account.email, "wrong"))

    assert first_lockout(responses) == settings.AXES_IP_FAILURE_LIMIT
    other_network = Client(REMOTE_ADDR="2001:db8:77:2::1")
    assert admin_login(other_network, accounts[0].email, DEFAULT_PASSWORD).status_code == 302


def test_data_download_guesses_count_towards_the_address(accounts, without_allauth_limits):
    for account in accounts[1 : settings.AXES_IP_FAILURE_LIMIT]:
        admin_login(Client(REMOTE_ADDR=ATTACKER), account.email, "wrong")
    session = Client(REMOTE_ADDR=ATTACKER)
    session.force_login(accounts[0])

    response = session.post("/en/account/privacy/export/", {"password": "wrong"})

    assert is_locked_out(response)
    assert "attachment" not in response.get("Content-Disposition", "")


def test_the_admin_has_no_password_form_of_its_own(client, home_page):
    """The admin's password change checked the current password with no limit; passwords are
    changed on the site, and the admin's account page links there."""
    client.force_login(UserFactory(superuser=True))

    page = client.get("/admin/account/").content.decode()

    assert 'name="password-old_password"' not in page
    assert 'href="/en/accounts/password/change/"' in page
