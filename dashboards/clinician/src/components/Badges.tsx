import type { Priority, Tier } from '../api/types';
import { useT } from '../i18n';

/** Tier as colour AND text (红/黄/绿), never colour alone. */
export function TierBadge({ tier, long = false }: { tier: Tier; long?: boolean }) {
  const t = useT();
  return (
    <span class={`tier tier-${tier}`} title={t.tier.long[tier]}>
      <span class="tier-swatch" aria-hidden="true" />
      {long ? t.tier.long[tier] : t.tier.short[tier]}
      {!long && <span class="visually-hidden">{` (${t.tier.long[tier]})`}</span>}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const t = useT();
  return (
    <span class={`prio prio-${priority}`}>
      <span class="visually-hidden">{`${t.priority.label}: `}</span>
      {t.priority[priority]}
    </span>
  );
}
