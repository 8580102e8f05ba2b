// The page's realtime channel: a SignalR connection to /hubs/rooms (lib/signalr.min.js, the global
// `signalR`) that joins one room. JoinRoom answers a snapshot (hosts, running livestream, chat, polls,
// ... and the room's newest event number `seq`); events carry their own `seq`, so those at or below the
// snapshot's (already in it) or below one applied before are skipped, and events that arrive while the
// join is on its way wait for the snapshot. After a reconnect the room is joined again and the modules
// redraw from the new snapshot (events may have been missed meanwhile).

/**
 * The reason a hub call was refused, without SignalR's prefix ("... HubException: Room 'x' does not
 * exist." gives "Room 'x' does not exist.").
 */
export function hubReason(error) {
  const message = String(error?.message || error);
  const at = message.lastIndexOf('HubException: ');
  return at >= 0 ? message.slice(at + 'HubException: '.length) : message;
}

/** One room on the hub: register handlers with `on` and `onSnapshot` before `start`. */
export class RoomConnection {
  #roomId;
  #connection = null;
  #handlers = new Map();
  #snapshotHandlers = [];
  #joining = false;
  #pending = [];
  #seq = 0;
  #joinedOnce = false;
  #stopped = false;
  #callbacks;

  /**
   * @param {string} roomId
   * @param {{ accessToken: () => string, onState: (text: string) => void, onError: (message: string) => void,
   *   onJoinRefused: (reason: string, wasJoined: boolean) => void, onConnectRefused: (message: string) => void,
   *   onClosed: () => void, hubUrl?: string }} callbacks onClosed: the connection ended for good (no reconnect);
 *   hubUrl: the hub on another origin (default /hubs/rooms on the page's own)
   */
  constructor(roomId, callbacks) {
    this.#roomId = roomId;
    this.#callbacks = callbacks;
  }

  /** The room. */
  get roomId() {
    return this.#roomId;
  }

  /** Calls `handler(message)` for each `event` of this room that is newer than what the page has. */
  on(event, handler) {
    if (!this.#handlers.has(event)) {
      this.#handlers.set(event, []);
    }

    this.#handlers.get(event).push(handler);
  }

  /** Calls `handler(snapshot)` with JoinRoom's answer, on the first join and after every reconnect. */
  onSnapshot(handler) {
    this.#snapshotHandlers.push(handler);
  }

  /** Connects and joins the room; false when either failed (the callbacks were told why). */
  async start() {
    if (typeof signalR === 'undefined') {
      this.#callbacks.onError('The realtime client (lib/signalr.min.js) did not load. Run scripts/setup.sh on the server.');
      return false;
    }

    // Another origin's page (a livestream template) goes straight to a WebSocket, which needs no CORS.
    const hubUrl = this.#callbacks.hubUrl;
    const transport = hubUrl
      ? { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets }
      : {};
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(hubUrl || '/hubs/rooms', { accessTokenFactory: () => this.#callbacks.accessToken(), ...transport })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#connection = connection;
    for (const event of this.#handlers.keys()) {
      connection.on(event, message => this.#deliver(event, message));
    }

    connection.onreconnecting(() => this.#callbacks.onState('Reconnecting…'));
    connection.onreconnected(() => void this.#join());
    connection.onclose(() => {
      this.#callbacks.onState('Disconnected from the server. Reload the page to try again.');
      if (!this.#stopped) {
        this.#callbacks.onClosed();
      }
    });

    try {
      await connection.start();
    } catch (e) {
      this.#callbacks.onState('Not connected.');
      this.#callbacks.onConnectRefused(String(e.message || e));
      return false;
    }

    return this.#join();
  }

  /** Invokes a hub method; rejects with the server's reason (see {@link hubReason}) as the error's message. */
  async invoke(method, ...args) {
    if (!this.#connection || this.#connection.state !== 'Connected') {
      throw new Error('Not connected to the server.');
    }

    try {
      return await this.#connection.invoke(method, ...args);
    } catch (e) {
      throw new Error(hubReason(e));
    }
  }

  /** Stops the connection (no reconnect). */
  async stop() {
    this.#stopped = true;
    await this.#connection?.stop();
  }

  async #join() {
    this.#joining = true;
    this.#pending = [];
    let snapshot;
    try {
      snapshot = await this.#connection.invoke('JoinRoom', this.#roomId);
    } catch (e) {
      this.#joining = false;
      this.#pending = [];
      this.#callbacks.onState('Not subscribed to this room.');
      this.#callbacks.onJoinRefused(hubReason(e), this.#joinedOnce);
      return false;
    }

    this.#seq = Number(snapshot?.seq) || 0;
    this.#joinedOnce = true;
    this.#callbacks.onState('Connected: status changes show as they happen.');
    for (const handler of this.#snapshotHandlers) {
      try {
        handler(snapshot);
      } catch (e) {
        console.error('watch: applying the room snapshot failed', e);
      }
    }

    this.#joining = false;
    const pending = this.#pending;
    this.#pending = [];
    for (const [event, message] of pending) {
      this.#deliver(event, message);
    }

    return true;
  }

  #deliver(event, message) {
    if (message?.roomId && message.roomId !== this.#roomId) {
      return;
    }

    if (this.#joining) {
      this.#pending.push([event, message]);
      return;
    }

    const seq = Number(message?.seq) || 0;
    if (seq > 0) {
      if (seq <= this.#seq) {
        return; // In the snapshot already, or seen twice.
      }

      this.#seq = seq;
    }

    for (const handler of this.#handlers.get(event) ?? []) {
      try {
        handler(message);
      } catch (e) {
        console.error(`watch: handling ${event} failed`, e);
      }
    }
  }
}
