import type { Channel, Kind } from './quiet-hours.js';

export type Locale = 'kk' | 'ru';
export const LOCALES: readonly Locale[] = ['kk', 'ru'];

export interface Content { subject?: string; body: string }

/** A template: per channel, its text in kk and/or ru. `{{name}}` marks a variable. */
export interface Template {
  name: string;
  kind: Kind;
  /** Admins may send it in a broadcast (it has no per-event variables). */
  broadcast?: boolean;
  /**
   * A service message the user must get (payments, refunds, security, erasure): when it can only
   * stay in the inbox (no cross-border consent, offer 3.7) that is counted and alerted.
   */
  required?: boolean;
  channels: Partial<Record<Channel, Partial<Record<Locale, Content>>>>;
}

/**
 * Twilio's text-to-speech has Russian voices and none for Kazakh, so a call is read in Russian
 * whatever the user's locale (TwiML `<Say language="ru-RU">`).
 */
export const SPEECH_LANGUAGE: Partial<Record<Locale, string>> = { ru: 'ru-RU' };

/**
 * The locale a message goes out in: the user's, when the template has it for the channel (and,
 * for calls, speech exists in it); otherwise the other one; null when the channel has no text.
 */
export function chooseLocale(template: Template, channel: Channel, wanted: Locale): Locale | null {
  const texts = template.channels[channel];
  if (!texts) return null;
  const usable = (l: Locale) => texts[l] !== undefined && (channel !== 'voice' || SPEECH_LANGUAGE[l] !== undefined);
  if (usable(wanted)) return wanted;
  const other = LOCALES.find((l) => l !== wanted && usable(l));
  return other ?? null;
}

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`template variable {{${variable}}} has no value`);
  }
}

/** Fills `{{name}}` variables; a variable without a value is an error, never a blank. */
export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new MissingVariableError(name);
    return value;
  });
}

export function variablesOf(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
}

export interface Rendered { locale: Locale; subject: string | null; body: string }

/** The template's text for a channel in the chosen locale with its variables filled. */
export function render(template: Template, channel: Channel, wanted: Locale, vars: Readonly<Record<string, string>>): Rendered | null {
  const locale = chooseLocale(template, channel, wanted);
  if (!locale) return null;
  const content = template.channels[channel]![locale]!;
  return {
    locale,
    subject: channel === 'email' ? fill(content.subject ?? '', vars) : null,
    body: fill(content.body, vars),
  };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** The TwiML of a call that reads `text` aloud. */
export function sayTwiml(text: string, locale: Locale): string {
  const language = SPEECH_LANGUAGE[locale] ?? 'ru-RU';
  const escaped = text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="${language}">${escaped}</Say></Response>`;
}
