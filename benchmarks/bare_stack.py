"""The bare named stack doing the minimum, the baseline of bench_build.py: sumy LexRank
(3 sentences, sumy's own tokenizer and stemmer) on each .txt of a folder, and WeasyPrint
laying out the titles and summaries as one PDF.

    python benchmarks/bare_stack.py INPUTS OUT.pdf
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words
from weasyprint import HTML

from briefing.language import SumyTokenizer


def main() -> None:
    inputs, out = Path(sys.argv[1]), Path(sys.argv[2])
    tokenizer: Tokenizer | SumyTokenizer = SumyTokenizer("fr")  # sumy's needs nltk data
    summarizer = LexRankSummarizer(Stemmer("french"))
    summarizer.stop_words = get_stop_words("french")
    parts = ["<html><body>"]
    for path in sorted(inputs.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        parser = PlaintextParser.from_string(body, tokenizer)
        summary = " ".join(str(s) for s in summarizer(parser.document, 3))
        parts.append(f"<h2>{html.escape(title)}</h2><p>{html.escape(summary)}</p>")
    parts.append("</body></html>")
    HTML(string="".join(parts)).write_pdf(out)


if __name__ == "__main__":
    main()
