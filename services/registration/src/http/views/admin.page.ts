import { html } from '@cas/http';
import type { User } from '../../domain/account.js';
import type { AuditEntry } from '../../store/audit.repository.js';
import { csrfField, field, formatDateTime, layout } from './layout.js';

export interface AdminPageModel {
  admin: User;
  csrf: string;
  query: string;
  found: User | null;
  searched: boolean;
  notice?: string;
  audit: AuditEntry[];
  voivodeshipAdmins?: User[];
}

const STATUS: Record<string, string> = { active: 'aktywne', blocked: 'zablokowane', closed: 'zamknięte', disabled: 'wyłączone' };

/** Account administration: find a user, unblock, end sessions; the voivodeship's audit trail. */
export function adminPage(m: AdminPageModel): string {
  const scope = m.admin.role === 'central-admin' ? 'wszystkie województwa' : `województwo ${m.admin.voivodeship ?? ''}`;
  return layout(
    { title: 'Panel administratora' },
    html`<h1>Panel administratora</h1>
      <p>Zakres: ${scope}.</p>
      ${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
      <section aria-labelledby="konta">
        <h2 id="konta">Konta użytkowników</h2>
        <form method="get" action="/admin" class="inline-form">
          ${field({ name: 'login', label: 'Login użytkownika', value: m.query, maxlength: 64 })}
          <button type="submit" class="button-secondary">Szukaj</button>
        </form>
        ${m.searched && !m.found ? html`<p role="status">Nie znaleziono konta o tym loginie w Twoim zakresie.</p>` : ''}
        ${
          m.found
            ? html`<div class="card">
                <p>
                  <strong>${m.found.login}</strong> — ${m.found.firstName} ${m.found.lastName}, ${m.found.unit?.name ?? ''}; konto
                  <strong>${STATUS[m.found.status] ?? m.found.status}</strong>, nieudane próby: ${m.found.failedAttempts}
                </p>
                ${
                  m.found.status === 'blocked'
                    ? html`<form method="post" action="/admin/konta/${m.found.id}/odblokuj" class="inline-form">
                        ${csrfField(m.csrf)}<button type="submit" class="button-primary">Odblokuj konto</button>
                      </form>`
                    : ''
                }
                <form method="post" action="/admin/konta/${m.found.id}/wyloguj" class="inline-form">
                  ${csrfField(m.csrf)}<button type="submit" class="button-secondary">Zakończ wszystkie sesje</button>
                </form>
              </div>`
            : ''
        }
      </section>
      ${
        m.voivodeshipAdmins
          ? html`<section aria-labelledby="admini">
              <h2 id="admini">Administratorzy wojewódzcy</h2>
              <ul>
                ${m.voivodeshipAdmins.map((a) => html`<li>${a.login} — województwo ${a.voivodeship ?? ''} — ${STATUS[a.status] ?? a.status}</li>`)}
              </ul>
              <p>Nowego administratora wojewódzkiego dodasz przez API: <code>POST /api/v1/admin/voivodeship-admins</code>.</p>
            </section>`
          : ''
      }
      <section aria-labelledby="audyt">
        <h2 id="audyt">Dziennik zdarzeń</h2>
        <table>
          <caption class="visually-hidden">
            Ostatnie zdarzenia
          </caption>
          <thead>
            <tr>
              <th scope="col">Czas</th>
              <th scope="col">Zdarzenie</th>
              <th scope="col">Wynik</th>
              <th scope="col">Kto</th>
              <th scope="col">Kogo dotyczy</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            ${m.audit.map(
              (e) =>
                html`<tr>
                  <td>${formatDateTime(e.at)}</td>
                  <td>${e.action}</td>
                  <td>${e.outcome === 'success' ? 'sukces' : 'niepowodzenie'}</td>
                  <td>${e.actor?.login ?? '—'}</td>
                  <td>${e.subject?.login ?? '—'}</td>
                  <td>${e.ip ?? '—'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <p><a href="/konto">Moje konto</a></p>`,
  );
}
