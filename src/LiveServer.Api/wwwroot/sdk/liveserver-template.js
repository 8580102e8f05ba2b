// LiveServer template SDK: load it in a page given as a livestream's templateUrl, with
//   <script src="{apiBase}/sdk/liveserver-template.js"></script>
// It connects to the room's hub with the viewer token the server put in the page's query, keeps the
// room's state (hosts, active speaker, livestream, viewer count, open polls, chat, reactions) and
// passes on every event the hub gives a viewer; it tells the server where the page's video slots are
// (elements with data-liveserver-slot="N" or data-liveserver-participant="ID", and their CSS
// object-fit), and who is in each slot as the server decides. Call LiveServer.template.ready() once the
// page has drawn: the livestream waits for it (Templates:ReadyTimeout). README.md, "Custom templates".
(function () {
  'use strict';

  const query = new URLSearchParams(window.location.search);
  const script = document.currentScript;
  const apiBase = (query.get('apiBase') || (script ? new URL(script.src).origin : window.location.origin)).replace(/\/+$/, '');
  const roomId = query.get('roomId') || '';
  const livestreamId = query.get('livestreamId') || '';
  let token = query.get('token') || '';
  const maxSlots = 25;
  const chatKept = 50;
  const listeners = new Map();
  const events = [
    'participantJoined', 'participantLeft', 'speakerChanged', 'hlsStateChanged', 'viewerCount',
    'pubsubMessage', 'messageDeleted', 'pollStarted', 'pollUpdated', 'pollClosed', 'reactions',
    'questionAsked', 'questionUpdated', 'giftSent', 'stageRequested', 'stageRequestCancelled',
    'stageInvited', 'stageRemoved', 'participantBanned', 'participantUnbanned', 'templateFailed',
  ];

  /** The room as the page should draw it; replaced parts, never mutated in place, so a handler may keep them. */
  const state = {
    roomId,
    livestreamId,
    connected: false,
    participants: [],
    activeSpeaker: null,
    livestream: null,
    viewerCount: 0,
    polls: [],
    chat: [],
    reactions: {},
    slots: [],
  };

  function emit(event, payload) {
    for (const handler of listeners.get(event) || []) {
      try {
        handler(payload, state);
      } catch (e) {
        console.error(`liveserver-template: a '${event}' handler failed`, e);
      }
    }
  }

  function changed(event, payload) {
    emit(event, payload);
    emit('state', state);
  }

  // Who is in each slot, as the server decides it (the livestream's priority order); pushed by the renderer.
  window.__liveserverAssign = function (json) {
    let slots;
    try {
      slots = JSON.parse(json);
    } catch {
      return;
    }

    if (Array.isArray(slots)) {
      state.slots = slots;
      changed('slots', slots);
    }
  };

  // An assignment made before this script ran waits in __liveserverAssigned.
  if (typeof window.__liveserverAssigned === 'string') {
    window.__liveserverAssign(window.__liveserverAssigned);
  }

  // Where the slots are: measured every animation frame, reported when they moved.
  let lastReport = '';
  function measureSlots() {
    const found = [];
    for (const element of document.querySelectorAll('[data-liveserver-slot], [data-liveserver-participant]')) {
      if (found.length === maxSlots) {
        break;
      }

      const box = element.getBoundingClientRect();
      const style = window.getComputedStyle(element);
      if (box.width < 2 || box.height < 2 || style.visibility === 'hidden' || style.display === 'none') {
        continue;
      }

      const slotText = element.getAttribute('data-liveserver-slot');
      const slot = slotText !== null && /^\d+$/.test(slotText.trim()) ? Number(slotText.trim()) : null;
      const participant = slot === null ? element.getAttribute('data-liveserver-participant') : null;
      if (slot === null && !participant) {
        continue;
      }

      found.push({
        slot,
        participant,
        x: Math.round(box.left),
        y: Math.round(box.top),
        width: Math.round(box.width),
        height: Math.round(box.height),
        fit: style.objectFit === 'contain' ? 'contain' : 'cover',
      });
    }

    const report = JSON.stringify(found);
    if (report !== lastReport) {
      lastReport = report;
      if (typeof window.__liveserverSlots === 'function') {
        window.__liveserverSlots(report);
      }
    }
  }

  function measureEveryFrame() {
    measureSlots();
    window.requestAnimationFrame(measureEveryFrame);
  }

  // The SignalR bundle declares top-level `var t, e`: loaded as a plain script it would clash with a
  // page's own `const t` (a SyntaxError, and no client) or overwrite its `var t`. Run it in a function
  // scope instead; it leaves only `self.signalR` behind.
  async function loadIsolated(src) {
    const response = await fetch(src);
    if (!response.ok) {
      throw new Error(`${src} answered ${response.status}`);
    }

    const element = document.createElement('script');
    element.textContent = `(function () {\n${await response.text()}\n})();`;
    document.head.appendChild(element);
    element.remove();
  }

  function applySnapshot(snapshot) {
    state.participants = (snapshot.participants || []).map(p => ({ participantId: p.participantId, name: p.name }));
    state.livestream = snapshot.livestream || null;
    state.viewerCount = snapshot.viewerCount || 0;
    state.chat = (snapshot.chat || []).slice(-chatKept);
    state.polls = snapshot.polls || [];
    changed('snapshot', snapshot);
  }

  function applyEvent(event, message) {
    switch (event) {
      case 'participantJoined':
        state.participants = state.participants.filter(p => p.participantId !== message.participantId)
          .concat([{ participantId: message.participantId, name: message.name }]);
        break;
      case 'participantLeft':
        state.participants = state.participants.filter(p => p.participantId !== message.participantId);
        if (state.activeSpeaker && state.activeSpeaker.participantId === message.participantId) {
          state.activeSpeaker = null;
        }
        break;
      case 'speakerChanged':
        state.activeSpeaker = { participantId: message.participantId, name: message.name };
        break;
      case 'hlsStateChanged':
        state.livestream = message;
        break;
      case 'viewerCount':
        state.viewerCount = message.count;
        break;
      case 'pubsubMessage':
        if (message.topic === 'CHAT') {
          state.chat = state.chat.concat([message]).slice(-chatKept);
        }
        break;
      case 'messageDeleted':
        state.chat = state.chat.filter(m => m.id !== message.id);
        break;
      case 'pollStarted':
        state.polls = [{ ...message, status: 'open', counts: {}, total: 0 }].concat(state.polls.filter(p => p.pollId !== message.pollId));
        break;
      case 'pollUpdated':
      case 'pollClosed':
        state.polls = state.polls.map(p => p.pollId === message.pollId
          ? { ...p, counts: message.counts, total: message.total, status: event === 'pollClosed' ? 'closed' : p.status }
          : p);
        break;
      case 'reactions':
        state.reactions = message.counts || {};
        break;
      default:
        break;
    }

    changed(event, message);
  }

  async function connect() {
    if (!roomId || !token) {
      console.error('liveserver-template: the page was opened without roomId and token; open it as a livestream\'s templateUrl');
      return;
    }

    try {
      if (typeof window.signalR === 'undefined') {
        await loadIsolated(`${apiBase}/lib/signalr.min.js`);
      }

      const { RoomConnection } = await import(`${apiBase}/js/audience/room-connection.js`);
      const connection = new RoomConnection(roomId, {
        hubUrl: `${apiBase}/hubs/rooms`,
        // The query's token is short-lived: each (re)connect asks the server's renderer for a fresh one.
        accessToken: async () => {
          if (typeof window.__liveserverToken === 'function') {
            try {
              token = (await window.__liveserverToken()) || token;
            } catch {
              // Keep the last one.
            }
          }
          return token;
        },
        onState: () => {},
        onError: message => console.error(`liveserver-template: ${message}`),
        onConnectRefused: message => console.error(`liveserver-template: could not connect to ${apiBase}/hubs/rooms: ${message}`),
        onJoinRefused: reason => console.error(`liveserver-template: JoinRoom refused: ${reason}`),
        onClosed: () => {
          state.connected = false;
          changed('disconnected', null);
        },
      });
      for (const event of events) {
        connection.on(event, message => applyEvent(event, message));
      }

      connection.onSnapshot(snapshot => {
        state.connected = true;
        applySnapshot(snapshot);
      });
      await connection.start();
    } catch (e) {
      console.error('liveserver-template: connecting to the room failed', e);
    }
  }

  const template = {
    /** The room, livestream and server the page draws for. */
    roomId,
    livestreamId,
    apiBase,
    /** The room's state; see `on('state', …)`. */
    state,
    /**
     * Calls `handler(payload, state)` for a hub event (participantJoined, pollUpdated, pubsubMessage,
     * reactions, …), or 'snapshot' (on joining), 'slots' (who is in each slot: [{slot, participantId, name}]),
     * 'state' (after anything changed) and 'disconnected'. Returns a function that removes it.
     */
    on(event, handler) {
      if (!listeners.has(event)) {
        listeners.set(event, []);
      }

      listeners.get(event).push(handler);
      return () => listeners.set(event, listeners.get(event).filter(h => h !== handler));
    },
    /** Tells the server the page has drawn: the livestream shows it from now on. */
    ready() {
      measureSlots();
      if (typeof window.__liveserverReady === 'function') {
        window.__liveserverReady();
      }
    },
    /** Measures the slots now (they are measured every animation frame anyway). */
    refreshSlots: measureSlots,
  };

  window.LiveServer = Object.assign(window.LiveServer || {}, { template });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => window.requestAnimationFrame(measureEveryFrame));
  } else {
    window.requestAnimationFrame(measureEveryFrame);
  }

  void connect();
})();
