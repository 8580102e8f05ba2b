#!/usr/bin/python3
"""A WHIP publisher (RFC 9725) on GStreamer's webrtcbin (Debian's gstreamer1.0-plugins-bad, libnice):
videotestsrc's moving ball (VP8) and audiotestsrc's 440 Hz sine (Opus) on sendonly transceivers, the
offer POSTed once ICE gathering is complete, the answer applied, DELETE at the end. Debian 12's
GStreamer has no whipsink (that element lives in gst-plugins-rs), so the WHIP exchange is done here.

usage: gstreamer_whip.py WHIP_URL TOKEN [--seconds N]
Prints one line per ICE and peer connection state change; exits 1 when the offer is refused or the
connection fails.
"""
import argparse
import signal
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

PIPELINE = (
    "webrtcbin name=send bundle-policy=max-bundle "
    "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1 ! videoconvert ! "
    "vp8enc deadline=1 keyframe-max-dist=60 target-bitrate=800000 ! rtpvp8pay pt=96 ! "
    "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000 ! send. "
    "audiotestsrc is-live=true wave=sine freq=440 volume=0.3 ! audioconvert ! audioresample ! "
    "audio/x-raw,rate=48000,channels=2 ! opusenc ! rtpopuspay pt=111 ! "
    "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! send. "
)


def http(method, url, token, body=None, content_type=None):
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("Location"), response.read().decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--seconds", type=float, default=3600)
    args = parser.parse_args()

    Gst.init(None)
    loop = GLib.MainLoop()
    pipeline = Gst.parse_launch(PIPELINE)
    webrtc = pipeline.get_by_name("send")
    state = {"code": 0, "location": None, "offered": False}

    def fail(message):
        print(message, flush=True)
        state["code"] = 1
        loop.quit()

    def send_offer():
        if state["offered"]:
            return
        state["offered"] = True
        offer = webrtc.get_property("local-description").sdp.as_text()

        def post():
            try:
                status, location, answer = http("POST", args.url, args.token, offer.encode(), "application/sdp")
            except urllib.error.HTTPError as e:
                GLib.idle_add(fail, "refused: %d %s" % (e.code, e.read().decode()))
                return
            state["location"] = location
            print("answered:", status, flush=True)
            GLib.idle_add(apply_answer, answer)

        threading.Thread(target=post, daemon=True).start()

    def apply_answer(text):
        _, sdp = GstSdp.SDPMessage.new_from_text(text)
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, sdp)
        webrtc.emit("set-remote-description", answer, Gst.Promise.new())

    def on_offer_created(promise, _):
        promise.wait()
        reply = promise.get_reply()
        offer = reply.get_value("offer") if reply is not None else None
        if offer is None:
            GLib.idle_add(fail, "create-offer failed: %s" % (reply.to_string() if reply is not None else "no reply",))
            return
        webrtc.emit("set-local-description", offer, Gst.Promise.new())

    def on_negotiation_needed(element):
        # Raised again when the transceivers change direction: one offer is all WHIP takes.
        if state.get("offer_requested"):
            return
        state["offer_requested"] = True
        for index in range(2):
            transceiver = element.emit("get-transceiver", index)
            if transceiver is not None:
                transceiver.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
        element.emit("create-offer", None, Gst.Promise.new_with_change_func(on_offer_created, None))

    def on_gathering(element, _):
        gathering = element.get_property("ice-gathering-state")
        if gathering == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            GLib.idle_add(send_offer)

    def on_ice_state(element, _):
        ice = element.get_property("ice-connection-state")
        print("ice:", ice.value_nick, flush=True)
        if ice == GstWebRTC.WebRTCICEConnectionState.FAILED:
            GLib.idle_add(fail, "ICE failed")

    def on_connection_state(element, _):
        print("state:", element.get_property("connection-state").value_nick, flush=True)

    webrtc.connect("on-negotiation-needed", on_negotiation_needed)
    webrtc.connect("notify::ice-gathering-state", on_gathering)
    webrtc.connect("notify::ice-connection-state", on_ice_state)
    webrtc.connect("notify::connection-state", on_connection_state)

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message::error", lambda _, m: fail("error: %s" % (m.parse_error(),)))

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    GLib.timeout_add(int(args.seconds * 1000), loop.quit)
    pipeline.set_state(Gst.State.PLAYING)
    loop.run()
    if state["location"]:
        try:
            http("DELETE", urllib.parse.urljoin(args.url, state["location"]), args.token)
        except Exception as e:  # the session may be gone already
            print("delete:", e, flush=True)
    pipeline.set_state(Gst.State.NULL)
    return state["code"]


if __name__ == "__main__":
    sys.exit(main())
