import { useEffect, useRef, useState } from 'react';
import type { MeetingView } from './documents-api.js';
import { hasJustEnteredLastMinutes, READING_NEARLY_OVER_MINUTES, readingTimeLeftText } from './reading-clock.js';

/** How often the clock looks at the time: its words change once a minute at most, so this only keeps them on time. */
const TICK_MS = 1000;

/**
 * The reading time left, for the readers and the facilitator, while the silent reading runs. The end is the server's
 * (the start plus the reading time, in the meeting it sends), and so is "now": the device's clock is moved by how far
 * it was from the server's when the meeting last arrived, so a clock that is off does not end the reading early or late.
 *
 * The clock itself is quiet text. A screen reader hears, politely, only two moments: five minutes left, and the
 * discussion opening (the time up or everyone done, as the server says on the next poll). When the time is up here,
 * the meeting is read again at once rather than at the next poll.
 */
export function MeetingClock({ meeting, onTimeUp, wasReading = false }: { meeting: MeetingView; onTimeUp(): void; wasReading?: boolean }) {
  // Server time minus device time, from the meeting's last arrival.
  const serverOffset = useRef(0);
  useEffect(() => {
    serverOffset.current = Date.parse(meeting.serverNow) - Date.now();
  }, [meeting.serverNow]);

  const endsAt = meeting.phase === 'reading' && meeting.readingEndsAt !== null ? Date.parse(meeting.readingEndsAt) : null;
  const [timeLeft, setTimeLeft] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  // The time left at the last look (kept across a change of the end, which moves the time left but is no new meeting).
  const lastMsLeft = useRef<number | null>(null);
  const onTimeUpRef = useRef(onTimeUp);
  useEffect(() => {
    onTimeUpRef.current = onTimeUp;
  }, [onTimeUp]);

  useEffect(() => {
    if (endsAt === null) return;
    const look = () => {
      const msLeft = endsAt - (Date.now() + serverOffset.current);
      const previous = lastMsLeft.current;
      lastMsLeft.current = msLeft;
      setTimeLeft(readingTimeLeftText(msLeft));
      if (hasJustEnteredLastMinutes(previous, msLeft)) setAnnouncement(`${READING_NEARLY_OVER_MINUTES} minutes of reading left.`);
      if (msLeft <= 0 && (previous === null || previous > 0)) onTimeUpRef.current();
    };
    look();
    const timer = setInterval(look, TICK_MS);
    return () => clearInterval(timer);
  }, [endsAt]);

  // The discussion opening is said when the server opens it, whichever way the reading ended, if this page saw it read.
  // A clock put in place as the reading ends (the reader's reading view gives way to the meeting's page) starts from
  // the reading the page saw, so the opening is still said.
  const lastPhase = useRef(wasReading ? 'reading' : meeting.phase);
  useEffect(() => {
    if (lastPhase.current === 'reading' && meeting.phase === 'discussion') setAnnouncement('The reading is over: the discussion is open.');
    lastPhase.current = meeting.phase;
  }, [meeting.phase]);

  return (
    <>
      {endsAt !== null && timeLeft !== undefined && <p className="meeting-clock">{timeLeft}</p>}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}
