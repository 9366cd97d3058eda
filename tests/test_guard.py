"""The SSRF guard's decisions, checked on addresses without connecting anywhere."""

import ipaddress

import pytest

from so8t_resources.crawler.guard import AddressGuard, refusal_reason


@pytest.mark.parametrize("ip,reason", [
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link_local"),
    ("fe80::1", "link_local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "not_global"), ("::ffff:10.0.0.1", "private"), ("fc00::1", "private"),
    ("240.0.0.1", "private"), ("2002:a9fe:a9fe::1", "link_local"), ("2002:0a00:0001::1", "private"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),  # Teredo carrying 10.0.0.1
    ("fec0::1", "site_local"), ("feff:ffff::1", "site_local"),  # deprecated site-local, still internal
])
def test_non_public_addresses_are_refused_by_default(ip, reason):
    assert refusal_reason(ipaddress.ip_address(ip)) == reason
    assert AddressGuard().decide("example.test", ipaddress.ip_address(ip)) is not None


@pytest.mark.parametrize("ip", ["93.184.216.34", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(ip):
    assert AddressGuard().decide("example.test", ipaddress.ip_address(ip)) is None


def test_allow_list_admits_exactly_what_it_names():
    guard = AddressGuard(allowed=["127.0.0.1/32", "intranet.test"])
    assert guard.decide("a", ipaddress.ip_address("127.0.0.1")) is None
    assert "loopback" in guard.decide("a", ipaddress.ip_address("127.0.0.2"))
    assert "loopback" in guard.decide("a", ipaddress.ip_address("::1"))
    assert guard.decide("intranet.test", ipaddress.ip_address("10.0.0.5")) is None


def test_allow_private_networks_switches_the_guard_off():
    assert AddressGuard(allow_private_networks=True).decide("a", ipaddress.ip_address("10.0.0.1")) is None
