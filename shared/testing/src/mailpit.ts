import { waitFor } from './ports.js';

export interface MailpitMessageSummary {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Address: string; Name: string }[];
  Snippet: string;
}

/** A small client for Mailpit's HTTP API, for asserting on e-mails that really went through SMTP. */
export class MailpitClient {
  constructor(readonly baseUrl: string) {}

  async search(query: string): Promise<MailpitMessageSummary[]> {
    const res = await fetch(`${this.baseUrl}/api/v1/search?query=${encodeURIComponent(query)}&limit=1000`);
    if (!res.ok) throw new Error(`Mailpit search failed: ${res.status}`);
    return ((await res.json()) as { messages: MailpitMessageSummary[] }).messages;
  }

  async all(): Promise<MailpitMessageSummary[]> {
    const out: MailpitMessageSummary[] = [];
    for (let start = 0; ; start += 1000) {
      const res = await fetch(`${this.baseUrl}/api/v1/messages?start=${start}&limit=1000`);
      const page = ((await res.json()) as { messages: MailpitMessageSummary[] }).messages;
      out.push(...page);
      if (page.length < 1000) return out;
    }
  }

  async message(id: string): Promise<{ Text: string; HTML: string; Subject: string; MessageID: string; To: { Address: string }[] }> {
    const res = await fetch(`${this.baseUrl}/api/v1/message/${id}`);
    if (!res.ok) throw new Error(`Mailpit message ${id}: ${res.status}`);
    return (await res.json()) as never;
  }

  async waitForOne(query: string, timeoutMs = 30_000): Promise<MailpitMessageSummary> {
    let found: MailpitMessageSummary | undefined;
    await waitFor(
      `e-mail matching "${query}"`,
      async () => {
        found = (await this.search(query))[0];
        return found !== undefined;
      },
      timeoutMs,
      200,
    );
    return found as MailpitMessageSummary;
  }
}
