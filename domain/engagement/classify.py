"""Tell opens and clicks made by people from those made by machines.

Machines open and click too: Apple Mail Privacy Protection fetches every image through
Apple's proxies when mail arrives, security gateways (Mimecast, Proofpoint, Barracuda,
Microsoft Defender…) follow every link before the reader sees it, and prefetchers load
images seconds after delivery. Such events are kept, flagged `is_machine`, and counted
apart, so open and click rates describe readers. Image proxies that fetch only when the
reader opens (Gmail's GoogleImageProxy, Yahoo's) count as human.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Apple MPP fetches with this exact, versionless user agent
APPLE_PRIVACY_PROXY_AGENT = "Mozilla/5.0"
#: an open this soon after sending is a prefetch, not a reader
MACHINE_OPEN_SECONDS = 3.0
#: a click this soon after sending is a link scanner
MACHINE_CLICK_SECONDS = 1.0

_MACHINE_AGENTS = re.compile(
    r"bot\b|crawler|spider|scanner|preview|prefetch|python-|curl/|wget/|httpx|aiohttp|"
    r"go-http-client|java/|okhttp|libwww|headless|phantomjs|barracuda|mimecast|proofpoint|"
    r"symantec|forcepoint|trendmicro|sophos|fortiguard|cisco|ironport|zscaler|"
    r"microsoft office protection|safelinks|linkscanner|urldefense|"
    r"googlebot|bingpreview|slackbot|discordbot|facebookexternalhit|twitterbot")


@lru_cache(maxsize=4096)
def _agent_is_machine(agent: str) -> bool:
    """Cached: mail traffic repeats a few hundred user agents, and the pattern costs
    ~35 us a call (as much as the rest of the pixel request, bench/tracking.py)."""
    return not agent or bool(_MACHINE_AGENTS.search(agent.lower()))


def machine_agent(user_agent: str | None) -> bool:
    return _agent_is_machine((user_agent or "").strip()[:512])


def is_machine_open(user_agent: str | None, seconds_since_send: float | None) -> bool:
    agent = (user_agent or "").strip()
    if agent == APPLE_PRIVACY_PROXY_AGENT:
        return True
    if seconds_since_send is not None and seconds_since_send < MACHINE_OPEN_SECONDS:
        return True
    return machine_agent(agent)


def is_machine_click(method: str, user_agent: str | None,
                     seconds_since_send: float | None) -> bool:
    if method.upper() == "HEAD":
        return True  # scanners check the target; people's browsers GET it
    if seconds_since_send is not None and seconds_since_send < MACHINE_CLICK_SECONDS:
        return True
    return machine_agent(user_agent)
