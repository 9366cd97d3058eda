"""The SSRF guard: every TCP connection is checked against the address it resolves to.

The check sits in the connection layer (an httpcore network backend), so it covers the
first request, every redirect hop and robots.txt alike, and the connection goes to the
address that was checked: a DNS answer cannot change between check and connect.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddress(Exception):
    """A host resolved to an address the config does not allow."""


def refusal_reason(ip: IPAddress) -> str | None:
    """Why a default crawler must not connect to ip, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address are judged by the address they carry.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return refusal_reason(embedded)
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:  # fec0::/10, deprecated, still internal
        return "site_local"
    for attr, reason in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link_local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attr):
            return reason
    if not ip.is_global:
        return "not_global"  # e.g. 100.64.0.0/10 shared address space
    return None


class AddressGuard:
    """Decides per (host, address); the allow-list takes CIDRs and host names."""

    def __init__(self, allow_private_networks: bool = False, allowed: Iterable[str] = ()):
        self.allow_all = allow_private_networks
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.hosts: set[str] = set()
        for item in allowed:
            try:
                self.networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                self.hosts.add(item.lower().rstrip("."))

    def decide(self, host: str, ip: IPAddress) -> str | None:
        """None when the connection may go ahead, else the reason it is refused."""
        if self.allow_all or host.lower().rstrip(".") in self.hosts:
            return None
        if any(ip in net for net in self.networks):
            return None
        reason = refusal_reason(ip)
        return f"{host} resolves to {ip} ({reason})" if reason else None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks every address, then connects to the checked address only."""

    def __init__(self, guard: AddressGuard):
        self.guard = guard
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout
            )
        except socket.gaierror as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from err
        except TimeoutError as err:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from err
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        # Refuse the host if any answer is refused, so round-robin DNS cannot smuggle one in.
        for ip in addresses:
            reason = self.guard.decide(host, ip)
            if reason:
                raise BlockedAddress(reason)
        last_error: Exception | None = None
        for ip in dict.fromkeys(addresses):  # each checked address in turn, as a browser would
            try:
                return await self.inner.connect_tcp(
                    str(ip), port, timeout=timeout, local_address=local_address, socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                last_error = err
        raise last_error

    async def connect_unix_socket(self, *args, **kwargs):
        raise BlockedAddress("unix sockets are not crawled")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def guarded_client(guard: AddressGuard, *, timeout: httpx.Timeout, max_connections: int,
                   user_agent: str) -> httpx.AsyncClient:
    """An httpx client whose every connection passes the guard. Redirects are ours to follow."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    # httpx has no public hook for the network backend; swap in a pool that uses ours.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(guard),
    )
    return httpx.AsyncClient(
        transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
        # Only the codings decode.BoundedDecoder can bound, whatever compression libraries are installed.
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        event_hooks={"response": [_hold_location]},
    )


LOCATION = "x-so8t-location"


async def _hold_location(response: httpx.Response) -> None:
    """httpx parses every Location (even with redirects off) and raises on one it cannot parse;
    the fetcher reads it from here and decides for itself."""
    if "location" in response.headers:
        response.headers[LOCATION] = response.headers["location"]
        del response.headers["location"]
