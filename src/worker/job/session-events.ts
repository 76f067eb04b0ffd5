import { voice, type llm, type metrics as lkMetrics } from '@livekit/agents';
import { RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';

/** What the job reacts to, from the room (the participant's keypad and departure) and the voice session. */
export interface JobEventHandlers {
  onDtmf(digit: string): void;
  onParticipantLeft(): Promise<void>;
  onAgentState(state: voice.AgentState): void;
  onUserState(state: voice.UserState): void;
  /** A non-empty interim transcript of the participant. */
  onInterimTranscript(transcript: string): void;
  onMetrics(m: lkMetrics.AgentMetrics): void;
  /** An assistant message was added to the conversation. */
  onAssistantMessage(item: llm.ChatMessage): void;
  onSessionError(ev: voice.ErrorEvent): void;
}

/** Subscribe `handlers` to the room and session events that concern the job's participant. */
export function wireJobEvents(
  room: Room,
  session: voice.AgentSession,
  participant: RemoteParticipant,
  handlers: JobEventHandlers,
): void {
  room.on(RoomEvent.DtmfReceived, (_code: number, digit: string, from: RemoteParticipant) => {
    if (from.identity !== participant.identity) return;
    handlers.onDtmf(digit);
  });
  room.on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
    if (p.identity !== participant.identity) return;
    void handlers.onParticipantLeft();
  });
  session.on(voice.AgentSessionEventTypes.AgentStateChanged, (ev) => handlers.onAgentState(ev.newState));
  session.on(voice.AgentSessionEventTypes.UserStateChanged, (ev) => handlers.onUserState(ev.newState));
  session.on(voice.AgentSessionEventTypes.UserInputTranscribed, (ev) => {
    if (!ev.isFinal && ev.transcript.trim() !== '') handlers.onInterimTranscript(ev.transcript);
  });
  session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => handlers.onMetrics(ev.metrics));
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
    const item = ev.item;
    if (item.type !== 'message' || item.role !== 'assistant') return;
    handlers.onAssistantMessage(item);
  });
  session.on(voice.AgentSessionEventTypes.Error, (ev) => handlers.onSessionError(ev));
}
