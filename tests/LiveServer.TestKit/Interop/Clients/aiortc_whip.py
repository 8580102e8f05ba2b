#!/usr/bin/python3
"""A WHIP publisher (RFC 9725) on aiortc, Debian's python3-aiortc: a moving test picture (VP8)
and a 440 Hz tone (Opus), one offer POSTed whole (aiortc gathers before it returns), the answer
applied, DELETE on the session URL at the end. Runs until SIGTERM or --seconds.

usage: aiortc_whip.py WHIP_URL TOKEN [--seconds N]
Prints one line per connection state change ("state: connected"); exits 1 when the server refuses
the offer or the connection fails.
"""
import argparse
import asyncio
import fractions
import math
import signal
import sys
import time
import urllib.parse
import urllib.request

import numpy
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from av import AudioFrame, VideoFrame

WIDTH, HEIGHT, FPS = 640, 360, 30
RATE, SAMPLES = 48000, 960


class MovingPicture(MediaStreamTrack):
    """A gradient with a bright bar that sweeps across once a second: every frame differs."""

    kind = "video"

    def __init__(self):
        super().__init__()
        self._index = 0
        self._start = None
        ramp = numpy.linspace(0, 255, WIDTH, dtype=numpy.uint8)
        self._background = numpy.dstack([numpy.tile(ramp, (HEIGHT, 1))] * 3)

    async def recv(self):
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._index / FPS
        await asyncio.sleep(max(0, due - time.monotonic()))
        picture = self._background.copy()
        x = (self._index * 21) % WIDTH
        picture[:, x:x + 40, :] = (255, 200, 0)
        frame = VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts = self._index * (90000 // FPS)
        frame.time_base = fractions.Fraction(1, 90000)
        self._index += 1
        return frame


class Tone(MediaStreamTrack):
    """A 440 Hz sine at -12 dBFS in 20 ms frames."""

    kind = "audio"

    def __init__(self):
        super().__init__()
        self._sample = 0
        self._start = None

    async def recv(self):
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._sample / RATE
        await asyncio.sleep(max(0, due - time.monotonic()))
        t = (numpy.arange(SAMPLES) + self._sample) / RATE
        wave = (numpy.sin(2 * math.pi * 440 * t) * 8000).astype(numpy.int16)
        frame = AudioFrame.from_ndarray(wave.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._sample
        frame.time_base = fractions.Fraction(1, RATE)
        self._sample += SAMPLES
        return frame


def http(method, url, token, body=None, content_type=None):
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("Location"), response.read().decode()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--seconds", type=float, default=3600)
    args = parser.parse_args()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)

    pc = RTCPeerConnection()
    failed = asyncio.Event()

    @pc.on("connectionstatechange")
    async def on_state():
        print("state:", pc.connectionState, flush=True)
        if pc.connectionState == "failed":
            failed.set()

    pc.addTransceiver(Tone(), direction="sendonly")
    pc.addTransceiver(MovingPicture(), direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    started = time.monotonic()
    try:
        status, location, answer = await loop.run_in_executor(
            None, http, "POST", args.url, args.token, pc.localDescription.sdp.encode(), "application/sdp")
    except urllib.error.HTTPError as e:
        print("refused:", e.code, e.read().decode(), flush=True)
        return 1
    print("answered:", status, "in %.0f ms" % ((time.monotonic() - started) * 1000), flush=True)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))

    waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(failed.wait())]
    await asyncio.wait(waits, timeout=args.seconds, return_when=asyncio.FIRST_COMPLETED)
    code = 1 if failed.is_set() else 0
    resource = urllib.parse.urljoin(args.url, location)
    try:
        await loop.run_in_executor(None, http, "DELETE", resource, args.token)
    except Exception as e:  # the session may be gone already
        print("delete:", e, flush=True)
    await pc.close()
    return code


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
