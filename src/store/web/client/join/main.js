// The participant's join page: title and duration, microphone check, consent text, Start → LiveKit room
// with the Parley agent; the agent's state, live captions, progress, mute, leave, and rejoin after a reload
// or a dropped connection (the worker resumes the same run).
import { DisconnectReason, Room, RoomEvent, Track } from 'livekit-client';
import { byId, h, replace } from '../shared/dom.js';
import { fetchInfo, fetchSession, progressSchema, tokenFromLocation } from './api.js';
import { Captions, TOPIC } from './captions.js';
import { renderIntro } from './intro.js';
import { levelMeter } from './level-meter.js';
import { startMicMeter } from './mic-check.js';
import { setAgentState, setConnection, setProgress, showAudioUnlock } from './room-status.js';

/** @typedef {import('./api.js').JoinInfo} JoinInfo */

const ENDED = ['processing', 'completed', 'failed', 'cancelled', 'expired'];
const MAX_REJOIN_ATTEMPTS = 8;

const token = tokenFromLocation();
const root = byId('join');
const startedKey = `parley.join.${token}`;

/** @type {Room | null} */
let room = null;
/** @type {import('./mic-check.js').MicMeter | null} */
let meter = null;
/** @type {EventSource | null} */
let events = null;
let leaving = false;
/** The participant's mute choice; applied to the published microphone whenever it changes. */
let micMuted = false;
/** @type {Promise<void>} */
let muteChain = Promise.resolve();
let rejoinAttempts = 0;
/** @type {JoinInfo | null} */
let info = null;

/** @param {{ title: string, message: string, reason: string }} m */
function showMessage(m) {
  cleanup();
  sessionStorage.removeItem(startedKey);
  root.dataset.view = 'message';
  root.dataset.reason = m.reason;
  replace(root, h('h1', { id: 'message-title', tabindex: '-1' }, m.title), h('p', {}, m.message));
  byId('message-title').focus();
}

function cleanup() {
  meter?.stop();
  meter = null;
  events?.close();
  events = null;
  const r = room;
  room = null;
  if (r) {
    r.removeAllListeners();
    void r.disconnect();
  }
}

/**
 * Starts (or restarts) the microphone meter of the intro's check.
 * @param {(level: number) => void} onLevel
 */
async function checkMic(onLevel) {
  meter?.stop();
  meter = await startMicMeter(onLevel);
}

/** The in-interview view. */
function renderRoom() {
  root.dataset.view = 'room';
  const meterUi = levelMeter();
  const muteBtn = h(
    'button',
    { type: 'button', id: 'mute', class: 'secondary', 'aria-pressed': String(micMuted), disabled: true },
    micMuted ? 'Unmute microphone' : 'Mute microphone',
  );
  muteBtn.addEventListener('click', () => {
    micMuted = !micMuted;
    muteBtn.setAttribute('aria-pressed', String(micMuted));
    muteBtn.textContent = micMuted ? 'Unmute microphone' : 'Mute microphone';
    void applyMute();
  });
  const leaveBtn = h('button', { type: 'button', id: 'leave', class: 'danger' }, 'Leave');
  leaveBtn.addEventListener('click', () => void leave());
  const log = h('div', {
    id: 'captions',
    class: 'captions',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Live captions',
    tabindex: '0',
  });
  replace(
    root,
    h('h1', {}, info?.title ?? 'Interview'),
    h(
      'p',
      { id: 'agent-state', class: 'agent-state', role: 'status', 'data-state': 'connecting' },
      'Connecting to the interviewer…',
    ),
    h(
      'div',
      { class: 'progress-row' },
      h('label', { for: 'progress', id: 'progress-label' }, 'Questions answered'),
      h('progress', { id: 'progress', max: 1, value: 0 }),
      h('span', { id: 'progress-text', 'aria-live': 'polite' }, ''),
    ),
    h('h2', { class: 'visually-hidden' }, 'Captions'),
    log,
    h('div', { class: 'mic-row' }, h('span', { class: 'muted' }, 'Your microphone'), meterUi.el),
    h('div', { class: 'actions' }, muteBtn, leaveBtn),
    h('p', { id: 'connection', role: 'status', class: 'muted' }),
    h('div', { id: 'audio', hidden: true }),
  );
  if (info) setProgress(info);
  if (!meter) {
    void startMicMeter(meterUi.set)
      .then((m) => (meter = m))
      .catch(() => undefined);
  }
  return new Captions(log);
}

/** Publishes or mutes the microphone to match `micMuted` (serialised: clicks may come quickly). */
function applyMute() {
  muteChain = muteChain.then(async () => {
    const r = room;
    if (!r) return;
    await r.localParticipant.setMicrophoneEnabled(!micMuted).catch(() => undefined);
  });
  return muteChain;
}

function followProgress() {
  events?.close();
  const es = new EventSource(`/join/${token}/events`);
  events = es;
  es.addEventListener('progress', (ev) => {
    const p = progressSchema.safeParse(JSON.parse(/** @type {MessageEvent} */ (ev).data));
    if (!p.success) return;
    setProgress(p.data);
    if (ENDED.includes(p.data.status)) {
      es.close();
      if (events === es) events = null;
    }
  });
}

async function start() {
  const errorEl = document.getElementById('join-error');
  const btn = document.getElementById('start');
  btn?.setAttribute('disabled', '');
  if (btn) btn.textContent = 'Connecting…';
  leaving = false;
  try {
    await connect();
    sessionStorage.setItem(startedKey, 'started');
  } catch (e) {
    const fresh = await fetchInfo(token).catch(() => null);
    if (fresh && fresh.phase.type === 'closed') return showMessage(fresh.phase);
    if (errorEl)
      errorEl.textContent = `Could not start the interview: ${e instanceof Error ? e.message : String(e)}`;
    btn?.removeAttribute('disabled');
    if (btn) btn.textContent = 'Try again';
  }
}

async function connect() {
  const session = await fetchSession(token);
  const r = new Room({ adaptiveStream: false, dynacast: false });
  const captions = renderRoom();
  room = r;
  r.registerTextStreamHandler(TOPIC, (reader, from) => {
    const local = r.localParticipant;
    const track = reader.info.attributes?.['lk.transcribed_track_id'];
    const mine =
      from.identity === local.identity || (track !== undefined && local.trackPublications.has(track));
    void captions.read(reader, mine ? 'you' : 'agent');
  });
  r.on(RoomEvent.ParticipantAttributesChanged, (_changed, p) => {
    if (p !== r.localParticipant) setAgentState(p.attributes['lk.agent.state']);
  });
  r.on(RoomEvent.ParticipantConnected, (p) =>
    setAgentState(p.attributes['lk.agent.state'] ?? 'initializing'),
  );
  r.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind === Track.Kind.Audio) document.getElementById('audio')?.append(track.attach());
  });
  r.on(RoomEvent.TrackUnsubscribed, (track) => {
    for (const el of track.detach()) el.remove();
  });
  r.on(RoomEvent.AudioPlaybackStatusChanged, () => showAudioUnlock(r));
  r.on(RoomEvent.Reconnecting, () => setConnection('Connection lost. Reconnecting…'));
  r.on(RoomEvent.Reconnected, () => setConnection(''));
  r.on(RoomEvent.Disconnected, (reason) => void onDisconnected(r, reason));
  await r.connect(session.livekit_url, session.token, { autoSubscribe: true });
  await applyMute();
  document.getElementById('mute')?.removeAttribute('disabled');
  rejoinAttempts = 0;
  for (const p of r.remoteParticipants.values())
    setAgentState(p.attributes['lk.agent.state'] ?? 'initializing');
  showAudioUnlock(r);
  followProgress();
}

/**
 * @param {Room} r
 * @param {DisconnectReason | undefined} reason
 */
async function onDisconnected(r, reason) {
  if (room !== r) return;
  room = null;
  events?.close();
  events = null;
  if (leaving || reason === DisconnectReason.CLIENT_INITIATED) return;
  const fresh = await fetchInfo(token).catch(() => null);
  if (fresh && fresh.phase.type === 'closed') return showMessage(fresh.phase);
  if (fresh && ENDED.includes(fresh.status)) {
    return showMessage({
      reason: 'completed',
      title: 'This interview is complete',
      message: 'Thank you for taking part. You can close this page.',
    });
  }
  await rejoin();
}

/** Rejoins the same run after a dropped connection, waiting for the network when offline. */
async function rejoin() {
  setConnection('Connection lost. Rejoining…');
  while (rejoinAttempts < MAX_REJOIN_ATTEMPTS && !leaving) {
    rejoinAttempts += 1;
    if (!navigator.onLine) await new Promise((r) => window.addEventListener('online', r, { once: true }));
    try {
      await connect();
      setConnection('');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** rejoinAttempts)));
    }
  }
  if (!leaving) renderLeft('We lost the connection to the interview.');
}

async function leave() {
  leaving = true;
  sessionStorage.setItem(startedKey, 'left');
  cleanup();
  renderLeft('You left the interview.');
}

/** @param {string} why */
function renderLeft(why) {
  root.dataset.view = 'left';
  const again = h('button', { type: 'button', id: 'rejoin', class: 'primary' }, 'Rejoin interview');
  again.addEventListener('click', () => {
    rejoinAttempts = 0;
    void start();
  });
  replace(
    root,
    h('h1', { id: 'left-title', tabindex: '-1' }, info?.title ?? 'Interview'),
    h('p', {}, `${why} You can rejoin and continue where you stopped while this link is valid.`),
    h('div', { class: 'actions' }, again),
    h('p', { id: 'join-error', role: 'alert', class: 'error' }),
  );
  byId('left-title').focus();
}

async function main() {
  if (!token)
    return showMessage({
      reason: 'invalid',
      title: 'This link is not valid',
      message: 'Please check the link from your invitation.',
    });
  try {
    info = await fetchInfo(token);
  } catch (e) {
    return showMessage({
      reason: 'invalid',
      title: 'This link is not valid',
      message: e instanceof Error ? e.message : String(e),
    });
  }
  if (info.phase.type === 'closed') return showMessage(info.phase);
  renderIntro(root, info, { checkMic, start });
  // A reload during the interview rejoins at once (the worker resumes where it stopped).
  if (sessionStorage.getItem(startedKey) === 'started') await start();
}

window.addEventListener('pagehide', () => {
  // A reload or closed tab: leave the room cleanly so the worker sees the participant go at once.
  void room?.disconnect();
});

void main();
