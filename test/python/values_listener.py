"""Connects to Logbook's root namespace with an API key and prints the setData/removeData it receives.

Usage: values_listener.py URL API_KEY COUNT
Prints one JSON line per message: {"event": "connected"} once connected, then {"event": name, "data": ...}
for each setData/removeData, and exits after COUNT of them (or after 20 s, with status 1).
"""
import json
import sys
import threading

import socketio


def main() -> int:
    url, api_key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sio = socketio.Client(reconnection=False)
    received = []
    done = threading.Event()

    def emit_line(line: dict) -> None:
        print(json.dumps(line, ensure_ascii=False), flush=True)

    def on_message(name: str):
        def handler(data):
            received.append(data)
            emit_line({"event": name, "data": data})
            if len(received) >= count:
                done.set()

        return handler

    sio.on("setData", on_message("setData"))
    sio.on("removeData", on_message("removeData"))
    sio.connect(url, auth={"apiKey": api_key}, transports=["websocket"], wait_timeout=10)
    emit_line({"event": "connected"})
    finished = done.wait(timeout=20)
    sio.disconnect()
    return 0 if finished else 1


if __name__ == "__main__":
    sys.exit(main())
