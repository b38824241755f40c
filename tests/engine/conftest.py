"""Shared, cheaply trained models for the engine tests (no Django, no shared/ data)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from moderation.engine.corpus import Example, default_seed_dir, load_seed
from moderation.engine.model import SpamModel
from moderation.engine.signals import TEXT_SIGNAL_NAMES, analyse, text_signal_values
from moderation.engine.training import train_model

# A few hand-written posts so the tests do not depend on the seed corpus's exact contents.
EXTRA_SPAM = [
    "Get your blank ATM card today and withdraw $3000 daily! Email cardhackers@gmail.com",
    "WIN a £1,000 prize now! Text CLAIM to 81234 to claim your reward. T&Cs apply.",
    "Printer not working? Call our toll free support number 1-800-555-0199 24/7",
    "Nice post, thanks for sharing! Best SEO services in Dubai: https://bit.ly/seo-dubai",
    "Contact Dr Okon on WhatsApp +234 803 555 0101 for a love spell that never fails",
    "Check out my channel and subscribe, I subscribe back!!!",
]
EXTRA_HAM = [
    "Our co-production catch-up is on Thursday at 10am on Zoom; book via the network page.",
    "The peer researchers were paid £15 an hour and we budgeted £4,000 for the project.",
    "Does anyone have a template for a co-designed survey with young carers?",
    "Thanks, this is really useful. I'll share it with our parent carer forum.",
    "The evaluation report is here: https://www.leeds.gov.uk/coproduction-report. "
    "Questions to jo.smith@leeds.gov.uk",
    "I disagree: a consultation is not co-production unless power actually changes hands.",
]


def small_corpus() -> list[Example]:
    seed = load_seed(default_seed_dir())
    # Every third seed example keeps training fast while covering every kind of file.
    sample = seed[::3]
    sample += [Example(text=t, label=1, source="test") for t in EXTRA_SPAM]
    sample += [Example(text=t, label=0, source="test") for t in EXTRA_HAM]
    return sample


@pytest.fixture(scope="session")
def corpus() -> list[Example]:
    return small_corpus()


@pytest.fixture(scope="session")
def trained_model(corpus: list[Example]) -> SpamModel:
    return train_model(corpus, seed=0)


@pytest.fixture
def signal() -> Callable[..., float]:
    """A post's value of one named text signal (no community vocabulary)."""

    def value(text: str, name: str, **kwargs) -> float:
        values = text_signal_values(analyse(text), vocabulary=None, **kwargs)
        return float(values[TEXT_SIGNAL_NAMES.index(name)])

    return value
