import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../src/domain/templates/index.js';
import { templatePreviews } from '../src/domain/templates/samples.js';
import { previewPage } from '../src/http/views/preview.page.js';

const PORTAL = 'https://portal.example.test';
const APPROVAL = 'https://admin.example.test/?status=awaiting-document&sort=oldest';
const HOSTILE = '<script>alert("x")</script>';

describe('template previews (samples)', () => {
  const previews = templatePreviews(PORTAL, APPROVAL);

  it('has exactly one sample for every template', () => {
    expect(previews.map((p) => p.name).sort()).toEqual(Object.values(TEMPLATES).sort());
  });

  it('renders real Polish e-mails: subject, text, HTML and a sentence on when each is sent', () => {
    for (const p of previews) {
      expect(p.when).toMatch(/^[A-ZŁŚŻŹĆ].+\.$/);
      expect(p.email.subject.length).toBeGreaterThan(5);
      expect(p.email.text.length).toBeGreaterThan(50);
      expect(p.email.html).toContain('<html lang="pl">');
      expect(p.email.html).not.toMatch(/<img|<script|\ssrc=|\sstyle=/i); // real text, and nothing the page CSP would block
    }
  });

  it('uses the Świętokrzyskie office and a sample password, never the placeholder', () => {
    const byName = new Map(previews.map((p) => [p.name, p.email]));
    const submitted = byName.get(TEMPLATES.applicationSubmitted)!;
    expect(submitted.text).toContain('Świętokrzyski Urząd Wojewódzki w Kielcach');
    expect(submitted.text).toContain('/SUWKielce/SkrytkaESP');
    expect(submitted.text).toContain('wps00@kielce.uw.gov.pl');
    const reminder = byName.get(TEMPLATES.passwordReminder)!;
    expect(reminder.text).toContain('PRZYKLAD');
    expect(reminder.text).not.toContain('{{');
    expect(byName.get(TEMPLATES.waitingDigest)!.html).toContain(
      'href="https://admin.example.test/?status=awaiting-document&amp;sort=oldest"',
    );
  });
});

describe('preview page', () => {
  const previews = templatePreviews(PORTAL, APPROVAL);

  it('is a Polish page with one h1, a table of contents and a section per template', () => {
    const page = previewPage(previews, { login: 'admin.centralny' });
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<html lang="pl">');
    expect(page).toMatch(/<title>[^<]+<\/title>/);
    expect(page.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page).toContain('Podgląd szablonów e-maili');
    expect(page).toContain('<main');
    expect(page).toContain('admin.centralny');
    expect(page).toContain('<link rel="stylesheet" href="/static/admin.css" />');
    for (const p of previews) {
      expect(page).toContain(`href="#szablon-${p.name}"`);
      expect(page).toContain(`id="szablon-${p.name}"`);
      expect(page).toContain(`<iframe class="email-html" sandbox title="Wersja HTML e-maila ${p.name}" srcdoc="`);
    }
    expect(page.match(/<iframe /g)).toHaveLength(previews.length);
    expect(page.match(/<pre class="email-text">/g)).toHaveLength(previews.length);
  });

  it('has no script, no inline style and no inline event handler', () => {
    // The e-mails themselves sit in the escaped srcdoc values; the page around them is what the CSP applies to.
    const page = previewPage(previews, { login: 'admin' }).replace(/srcdoc="[^"]*"/g, 'srcdoc=""');
    expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('escapes a hostile e-mail everywhere: the srcdoc attribute, the text, the subject, the login', () => {
    const hostile = {
      name: TEMPLATES.accountClosed,
      when: `Zawsze ${HOSTILE}`,
      email: {
        subject: `Temat ${HOSTILE}`,
        text: `Treść ${HOSTILE}\n"cudzysłów" & 'apostrof'`,
        html: `<!doctype html><html lang="pl"><body><p title="x">${HOSTILE}</p><img src="https://tracker.example/p.gif"></body></html>`,
      },
    };
    const page = previewPage([hostile], { login: `<b>${HOSTILE}</b>` });
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    // The srcdoc value is one attribute: quotes inside the e-mail are escaped, so nothing breaks out of it.
    const srcdoc = /srcdoc="([^"]*)"/.exec(page)![1]!;
    expect(srcdoc).toContain('&lt;p title=&quot;x&quot;&gt;&lt;script&gt;');
    const unescaped = srcdoc
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
    expect(unescaped).toBe(hostile.email.html);
    expect(page).toContain('Treść &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\n&quot;cudzysłów&quot; &amp; &#39;apostrof&#39;');
    expect(page).toContain('Temat &lt;script&gt;');
  });
});
