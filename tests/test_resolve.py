"""Deal resolution rules, one case each (see warehouse/resolve.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from warehouse.resolve import MentionRow, amounts_compatible, resolve

T0 = datetime(2025, 1, 1)


def m(i: int, kind: str = "equity_investment", src: str | None = "Amazon", tgt: str | None = "Anthropic",
      amount: float | None = 4e9, status: str = "announced", days: int = 0, qualifier: str | None = "exact",
      cumulative: bool = False, article: str | None = None, independent: str | None = None) -> MentionRow:
    art = article or f"a{i}"
    return MentionRow(f"m{i}", art, independent or art, T0 + timedelta(days=days), kind, src, tgt, amount, None,
                      None, qualifier, "USD", None, None, status, None, f"evidence {i}", cumulative)


def test_same_pair_same_amount_is_one_deal() -> None:
    deals = resolve([m(1), m(2, days=3)])
    assert len(deals) == 1 and deals[0].terms()["n_mentions"] == 2


def test_different_type_family_stays_apart() -> None:
    assert len(resolve([m(1), m(2, kind="cloud_commitment")])) == 2


def test_direction_matters_for_money_flows_but_not_partnerships() -> None:
    assert len(resolve([m(1), m(2, src="Anthropic", tgt="Amazon")])) == 2
    assert len(resolve([m(1, kind="partnership", amount=None), m(2, kind="partnership", src="Anthropic",
                                                                 tgt="Amazon", amount=None)])) == 1


def test_up_to_in_talks_then_lower_announced_amount_is_the_same_deal() -> None:
    deals = resolve([m(1, amount=50e9, qualifier="up_to", status="in_talks"), m(2, amount=40e9, days=30)])
    assert len(deals) == 1
    terms = deals[0].terms()
    assert terms["status"] == "announced" and terms["amount_usd"] == 40e9
    assert [h[0] for h in deals[0].history()] == ["in_talks", "announced"]


def test_conflicting_exact_amounts_are_separate_tranches() -> None:
    assert len(resolve([m(1, amount=4e9), m(2, amount=2.75e9, days=60)])) == 2


def test_cumulative_total_is_kept_apart_from_the_tranche() -> None:
    deals = resolve([m(1, amount=4e9), m(2, amount=8e9, cumulative=True, status="completed")])
    assert sorted(d.terms()["cumulative"] for d in deals) == [False, True]


def test_mentions_outside_the_window_are_different_deals() -> None:
    assert len(resolve([m(1, amount=None), m(2, amount=None, days=800)])) == 2


def test_completed_outranks_announced_and_reports() -> None:
    deals = resolve([m(1, status="reported"), m(2, status="completed", days=5), m(3, status="announced", days=9)])
    assert deals[0].terms()["status"] == "completed"


def test_confirmed_amount_beats_rumoured_one() -> None:
    deals = resolve([m(1, amount=None, status="announced"), m(2, amount=4e9, status="reported", days=1),
                     m(3, amount=4.05e9, status="announced", days=2)])
    assert deals[0].terms()["amount_usd"] == 4.05e9


def test_late_denial_of_unconfirmed_talks_wins() -> None:
    deals = resolve([m(1, status="in_talks"), m(2, status="denied", days=10)])
    assert deals[0].terms()["status"] == "denied"


def test_near_duplicate_copies_count_as_one_source() -> None:
    deals = resolve([m(1, article="a1"), m(2, article="a2", independent="a1"), m(3, article="a3")])
    assert deals[0].terms()["n_sources"] == 2


def test_amount_compatibility() -> None:
    assert amounts_compatible(m(1, amount=50e9, qualifier="up_to"), m(2, amount=40e9))
    assert not amounts_compatible(m(1, amount=4e9), m(2, amount=8e9))
    assert amounts_compatible(m(1, amount=None), m(2, amount=8e9))


def test_resolution_is_deterministic() -> None:
    ms = [m(1), m(2, days=1), m(3, kind="cloud_commitment")]
    assert [d.deal_id for d in resolve(ms)] == [d.deal_id for d in resolve(list(reversed(ms)))]


def test_two_deals_the_extractor_kept_apart_in_one_article_stay_apart() -> None:
    # "In May, OpenAI committed up to $4 billion ... now up to $6.5 billion more": overlapping "up to" figures, but
    # one article already told them as two tranches
    deals = resolve([m(1, amount=4e9, qualifier="up_to", article="a"), m(2, amount=6.5e9, qualifier="up_to",
                                                                          article="a")])
    assert len(deals) == 2
    assert len(resolve([m(1, amount=4e9, qualifier="up_to"), m(2, amount=6.5e9, qualifier="up_to", days=3)])) == 1
