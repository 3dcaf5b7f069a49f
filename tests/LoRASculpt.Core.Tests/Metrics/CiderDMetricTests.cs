using LoRASculpt.Core.Metrics;

namespace LoRASculpt.Core.Tests.Metrics;

public sealed class CiderDMetricTests
{
    [Fact]
    public void Tiny_corpus_matches_the_hand_computed_value()
    {
        // Image 1: candidate "a red red box", references "a red box", "the red ball".
        // Image 2: candidate "a blue ball",   reference  "a blue ball".
        // N = 2 images, so idf(g) = ln 2 - ln max(1, df(g)); write L = ln 2.
        // df: "a" and "ball" occur in both images' references -> idf 0; every other reference n-gram has df 1 -> idf L;
        //     n-grams absent from all references ("red red", ...) have df 0 -> log max(1, 0) = 0 -> idf L.
        // Candidate 1 weights: 1-grams a:0, red:2L, box:L  -> |.| = L*sqrt5
        //                      2-grams "a red", "red red", "red box": L each -> L*sqrt3
        //                      3-grams two of weight L -> L*sqrt2; 4-gram one of weight L -> L.  Length = 3 bigrams.
        // vs "a red box" (a:0, red:L, box:L; "a red", "red box"; "a red box"; length 2, delta 1):
        //   n=1: (min(2L,L)*L + min(L,L)*L) / (L*sqrt5 * L*sqrt2) = 2/sqrt10   (clipping: red counts L, not 2L)
        //   n=2: ("a red" + "red box") 2L^2 / (L*sqrt3 * L*sqrt2) = 2/sqrt6;  n=3: no shared trigram -> 0;  n=4: ref norm 0 -> 0
        // vs "the red ball" (the:L, red:L, ball:0; length 2, delta 1):
        //   n=1: min(2L,L)*L / (L*sqrt5 * L*sqrt2) = 1/sqrt10;  n=2,3,4: 0
        // Both references carry the penalty exp(-1^2 / (2 * 6^2)) = exp(-1/72).
        // Image 1 = 10 * [(3/sqrt10 + 2/sqrt6) / 4] / 2 refs * exp(-1/72)
        //         = 10 * (0.9486833 + 0.8164966) / 8 * 0.9862071 = 2.1760412
        // Image 2: identical 3-word caption; "a" and "ball" weigh 0, so n = 1..3 each have cosine 1 and n = 4 is 0:
        //         = 10 * (1 + 1 + 1 + 0) / 4 = 7.5
        // Corpus = (2.1760412 + 7.5) / 2 = 4.8380206
        var image1 = 10.0 * (3 / Math.Sqrt(10) + 2 / Math.Sqrt(6)) / 8 * Math.Exp(-1.0 / 72);
        var score = CiderD.Compute(
        [
            new CaptionExample("a red red box", ["a red box", "the red ball"]),
            new CaptionExample("a blue ball", ["a blue ball"]),
        ]);

        Assert.Equal(2.1760411987268813, image1, 12);
        Assert.Equal(image1, score.PerImage[0], 12);
        Assert.Equal(7.5, score.PerImage[1], 12);
        Assert.Equal((image1 + 7.5) / 2, score.Corpus, 12);
        Assert.Equal(4.838020599363441, score.Corpus, 12);
    }

    [Fact]
    public void Identical_caption_scores_ten_only_when_every_order_has_ngrams()
    {
        // Two images, disjoint vocabularies: every n-gram has df 1 and the same idf, cosine 1 where n-grams exist.
        // Six words have 1..4-grams -> 10 * 4/4 = 10; two words have only 1- and 2-grams -> 10 * 2/4 = 5.
        var score = CiderD.Compute(
        [
            new CaptionExample("a red box on the table", ["a red box on the table"]),
            new CaptionExample("blue ball", ["blue ball"]),
        ]);
        Assert.Equal(10.0, score.PerImage[0], 12);
        Assert.Equal(5.0, score.PerImage[1], 12);
    }

    [Fact]
    public void Tokenisation_ignores_case_and_punctuation()
    {
        var plain = CiderD.Compute([new("red box", ["red box"]), new("blue ball", ["blue ball"])]);
        var noisy = CiderD.Compute([new("Red, BOX!", ["red box."]), new("blue ball", ["Blue-ball"])]);
        Assert.Equal(plain.Corpus, noisy.Corpus, 12);
    }

    [Fact]
    public void Length_penalty_and_clipping_lower_a_repeated_caption()
    {
        // Image 1: candidate "red box red box" vs reference "red box"; image 2: "blue ball" identical (score 5).
        // Every reference n-gram has df 1, so each weight is tf * L with L = ln 2.
        // Candidate: red:2L, box:2L (|.| = 2L*sqrt2); "red box":2L, "box red":L (|.| = L*sqrt5); 3- and 4-grams exist.
        // Reference: red:L, box:L (|.| = L*sqrt2); "red box":L (|.| = L); no 3- or 4-grams (norm 0 -> 0).
        //   n=1: 2 * min(2L,L)*L / (2L*sqrt2 * L*sqrt2) = 2L^2 / 4L^2 = 0.5   (1.0 without clipping)
        //   n=2: min(2L,L)*L / (L*sqrt5 * L) = 1/sqrt5 = 0.4472136
        // Lengths are bigram counts, 3 vs 1: penalty exp(-2^2 / 72) = exp(-1/18) = 0.9459595.
        // Image 1 = 10 * (0.5 + 0.4472136) / 4 * 0.9459595 = 2.2400642; without the penalty 2.3680340.
        var score = CiderD.Compute([new("red box red box", ["red box"]), new("blue ball", ["blue ball"])]);
        var unpenalised = 10.0 * (0.5 + 1 / Math.Sqrt(5)) / 4;
        Assert.Equal(unpenalised * Math.Exp(-1.0 / 18), score.PerImage[0], 12);
        Assert.Equal(2.2400641743510206, score.PerImage[0], 12);
        Assert.Equal((2.2400641743510206 + 5.0) / 2, score.Corpus, 12);
    }

    [Fact]
    public void A_single_image_corpus_scores_zero_because_idf_is_log_one()
    {
        var score = CiderD.Compute([new("red box on table", ["red box on table"])]);
        Assert.Equal(0.0, score.Corpus);
    }

    [Fact]
    public void Document_frequency_counts_images_not_references()
    {
        // "red" appears in two references of image 1 only: df = 1, not 2, so its idf stays ln 2 and the
        // identical captions keep cosine 1 (score 5 for two-word captions). With df = 2 it would weigh 0.
        var score = CiderD.Compute([new("red box", ["red box", "red box"]), new("blue ball", ["blue ball"])]);
        Assert.Equal(5.0, score.PerImage[0], 12);
    }

    [Fact]
    public void Empty_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => CiderD.Compute([]));
        Assert.Throws<ArgumentException>(() => CiderD.Compute([new("x", [])]));
    }
}
