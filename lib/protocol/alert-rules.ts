import { z } from './zod';
import type { Severity } from './events';

/**
 * What an admin decides per fleet and alert category: who hears of an
 * alert, how long it may wait for an acknowledgement before it escalates,
 * and whether it resolves by itself once its condition has cleared. The
 * four categories the Bookovia guide names keep its values as defaults;
 * every other category gets the guide's default for its severity.
 * See docs/ALERTS.md.
 */

/** The guide's notification channels, plus webhooks. */
export const NOTIFY_CHANNELS = ['push', 'email', 'sms', 'phone_call', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** The guide's rule groups ("Category" in its AlertRule). */
export const RULE_GROUPS = ['safety', 'maintenance', 'operational'] as const;
export type RuleGroup = (typeof RULE_GROUPS)[number];

/** Escalation stops at this level; tier N is notified at level N. */
export const MAX_ESCALATION_LEVEL = 3;

/** Longest delays an admin may set, in seconds (one day). */
export const MAX_RULE_DELAY_S = 86_400;

export interface AlertRule {
  fleet_id: string;
  /** The alert category the rule applies to (`harsh_braking`, …). */
  category: string;
  group: RuleGroup;
  /**
   * The lowest severity the rule notifies and escalates; an alert below it
   * is stored and shown but pages nobody.
   */
  severity: Severity;
  notify_channels: NotifyChannel[];
  /** Seconds an alert may stay unacknowledged before each escalation; 0 = never. */
  escalation_delay_s: number;
  auto_resolve: boolean;
  /** Seconds the condition must stay clear before an auto-resolve. */
  auto_resolve_after_s: number;
  actions: string[];
  /** True while no admin has changed the fleet's rule. */
  is_default: boolean;
  updated_by?: string;
  updated_at?: string;
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** One of `values`, with a message naming them. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** Whole seconds from 0 to MAX_RULE_DELAY_S. */
function seconds() {
  const error = `must be a whole number of seconds from 0 to ${MAX_RULE_DELAY_S}`;
  return z
    .number({ error })
    .int({ error })
    .min(0, { error })
    .max(MAX_RULE_DELAY_S, { error });
}

function actionName() {
  const error = 'must be an action name of 1 to 64 characters';
  return z.string({ error }).min(1, { error }).max(64, { error });
}

/** The fields an admin may change; anything left out keeps its value. */
export const alertRulePatchSchema = z.strictObject({
  group: oneOf(RULE_GROUPS).optional(),
  severity: oneOf(SEVERITIES).optional(),
  notify_channels: z
    .array(oneOf(NOTIFY_CHANNELS), { error: 'must be a list of channels' })
    .max(NOTIFY_CHANNELS.length, { error: 'must name each channel once' })
    .refine((list) => new Set(list).size === list.length, {
      error: 'must name each channel once',
    })
    .optional(),
  escalation_delay_s: seconds().optional(),
  auto_resolve: z.boolean({ error: 'must be true or false' }).optional(),
  auto_resolve_after_s: seconds().optional(),
  actions: z
    .array(actionName(), { error: 'must be a list of action names' })
    .max(20, { error: 'must hold at most 20 actions' })
    .refine((list) => new Set(list).size === list.length, {
      error: 'must name each action once',
    })
    .optional(),
});

export type AlertRulePatch = z.infer<typeof alertRulePatchSchema>;

/** A category name an admin may give a rule. */
export const ruleCategorySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a lower-case category such as harsh_braking');

type RuleDefaults = Omit<
  AlertRule,
  'fleet_id' | 'category' | 'is_default' | 'updated_by' | 'updated_at'
>;

/** The guide's four rules, as its AlertManager example loads them. */
export const SPEC_RULES: Readonly<Record<string, RuleDefaults>> = {
  harsh_braking: {
    group: 'safety',
    severity: 'high',
    notify_channels: ['sms', 'email', 'push'],
    escalation_delay_s: 300,
    auto_resolve: false,
    auto_resolve_after_s: 1800,
    actions: ['driver_notification', 'manager_alert'],
  },
  collision_risk: {
    group: 'safety',
    severity: 'critical',
    notify_channels: ['sms', 'email', 'push', 'phone_call'],
    escalation_delay_s: 120,
    auto_resolve: false,
    auto_resolve_after_s: 1800,
    actions: ['emergency_contact', 'dispatch_supervisor'],
  },
  vehicle_breakdown: {
    group: 'maintenance',
    severity: 'high',
    notify_channels: ['email', 'push'],
    escalation_delay_s: 600,
    auto_resolve: false,
    auto_resolve_after_s: 1800,
    actions: ['maintenance_team', 'roadside_assistance'],
  },
  route_deviation: {
    group: 'operational',
    severity: 'medium',
    notify_channels: ['push'],
    escalation_delay_s: 900,
    auto_resolve: true,
    // The guide resolves 30 minutes after raising whatever the vehicle
    // does; here it resolves once the vehicle has stayed on route 2 min.
    auto_resolve_after_s: 120,
    actions: ['route_optimization'],
  },
};

/** Defaults for the categories the engine raises beyond the guide's four. */
export const ENGINE_RULES: Readonly<Record<string, RuleDefaults>> = {
  harsh_acceleration: {
    group: 'safety',
    severity: 'high',
    notify_channels: ['email', 'push'],
    escalation_delay_s: 600,
    auto_resolve: false,
    auto_resolve_after_s: 1800,
    actions: ['driver_notification'],
  },
  speeding: {
    group: 'safety',
    severity: 'high',
    notify_channels: ['email', 'push'],
    escalation_delay_s: 600,
    auto_resolve: true,
    auto_resolve_after_s: 1800,
    actions: ['driver_notification', 'manager_alert'],
  },
  idling: {
    group: 'operational',
    severity: 'medium',
    notify_channels: ['push'],
    escalation_delay_s: 0,
    auto_resolve: true,
    auto_resolve_after_s: 600,
    actions: ['driver_notification'],
  },
  device_offline: {
    group: 'operational',
    severity: 'medium',
    notify_channels: ['email', 'push'],
    escalation_delay_s: 900,
    auto_resolve: true,
    auto_resolve_after_s: 0,
    actions: ['dispatch_supervisor'],
  },
  engine_overheating: {
    group: 'maintenance',
    severity: 'high',
    notify_channels: ['email', 'push'],
    escalation_delay_s: 300,
    auto_resolve: true,
    auto_resolve_after_s: 600,
    actions: ['maintenance_team', 'roadside_assistance'],
  },
  low_fuel: {
    group: 'maintenance',
    severity: 'medium',
    notify_channels: ['push'],
    escalation_delay_s: 1800,
    auto_resolve: true,
    auto_resolve_after_s: 600,
    actions: ['driver_notification'],
  },
  service_due: {
    group: 'maintenance',
    severity: 'low',
    notify_channels: ['email'],
    escalation_delay_s: 0,
    auto_resolve: false,
    auto_resolve_after_s: 1800,
    actions: ['maintenance_team'],
  },
};

/** A category nobody has a default for: tell, never escalate. */
const FALLBACK_RULE: RuleDefaults = {
  group: 'operational',
  severity: 'medium',
  notify_channels: ['push'],
  escalation_delay_s: 0,
  auto_resolve: false,
  auto_resolve_after_s: 1800,
  actions: [],
};

/** The rule a fleet has for a category until an admin changes it. */
export function defaultRule(fleetId: string, category: string): AlertRule {
  const d = SPEC_RULES[category] ?? ENGINE_RULES[category] ?? FALLBACK_RULE;
  return {
    fleet_id: fleetId,
    category,
    ...d,
    notify_channels: [...d.notify_channels],
    actions: [...d.actions],
    is_default: true,
  };
}

/** Every category with a default, the guide's four first. */
export const DEFAULT_RULE_CATEGORIES = [
  ...Object.keys(SPEC_RULES),
  ...Object.keys(ENGINE_RULES),
];

/**
 * A fleet's rules, every default category first: the answer of
 * `GET /v1/fleets/{id}/alert-rules`, and of the Socket.IO event
 * `alert-rules` sent to the fleet's dashboards after each change.
 */
export interface AlertRuleList {
  fleet_id: string;
  rules: AlertRule[];
}

/** The Socket.IO event carrying an `AlertRuleList` after a change. */
export const ALERT_RULES_EVENT = 'alert-rules';

export type RuleAuditAction = 'rule_update' | 'rule_reset';

/**
 * One change of a rule, in `rule_entries` of `GET /v1/fleets/{id}/audit`:
 * an admin's `PUT` (with the fields sent) or `DELETE` (back to default).
 */
export interface RuleAuditEntry {
  id: number;
  fleet_id: string;
  category: string;
  action: RuleAuditAction;
  /** The API key id of the admin. */
  actor: string;
  /** Server time, ISO 8601 UTC. */
  at: string;
  /** The fields a `rule_update` sent. */
  changes?: AlertRulePatch;
}
