"""Tell the operator a launch ended: a short sound, and a summary of what was made.

The sounds are bundled WAVs (two sine tones each: rising for done, falling for failed),
played by whichever player the platform has; with none, the terminal bell.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SOUNDS = Path(__file__).with_name("sounds")
# Tried in order; each takes the WAV path as its last argument.
PLAYERS = (("paplay",), ("pw-play",), ("aplay", "-q"), ("afplay",))


def player_command(wav: Path) -> list[str] | None:
    for player in PLAYERS:
        exe = shutil.which(player[0])
        if exe:
            return [exe, *player[1:], str(wav)]
    return None


def play(ok: bool, out=None) -> str:
    """Play the done or failed sound; returns how ("paplay", "winsound", "bell")."""
    wav = SOUNDS / ("done.wav" if ok else "failed.wav")
    if sys.platform == "win32":
        import winsound

        winsound.PlaySound(str(wav), winsound.SND_FILENAME)
        return "winsound"
    cmd = player_command(wav)
    if cmd is not None:
        try:
            if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=5).returncode == 0:
                return Path(cmd[0]).name
        except (OSError, subprocess.TimeoutExpired):
            pass  # no sound device: fall back to the bell
    out = out or sys.stdout
    out.write("\a")
    out.flush()
    return "bell"
