/**
 * Intake's view of applications that may still receive a scan (DESIGN §4 scan matching): number → id,
 * voivodeship, verification code, applicant e-mail. Built only from events.
 */
export const OPEN_APPLICATION_STATUS = { open: 'open', closed: 'closed' } as const;
export type OpenApplicationStatus = (typeof OPEN_APPLICATION_STATUS)[keyof typeof OPEN_APPLICATION_STATUS];

export interface OpenApplication {
  applicationId: string;
  number: string;
  voivodeship: string;
  verificationCode: string;
  applicantEmail: string;
  status: OpenApplicationStatus;
  /** Why it closed: `approved`, `rejected`, `expired`, `withdrawn`. */
  closedReason?: string;
}
