using LoRASculpt.Training.Datasets;

namespace LoRASculpt.Training.Tests.Datasets;

public sealed class EvaluationFilesTests
{
    [Fact]
    public void Question_lines_accept_numeric_and_string_ids_and_skip_blank_lines()
    {
        using var folder = new DataFolder();
        var path = folder.Write("q.jsonl", """
            {"question_id": 34602, "image": "a.jpg", "text": "What is it?\nAnswer the question using a single word or phrase.", "category": "x"}

            {"question_id": "201307251", "image": "b.jpg", "text": "Is it red?"}
            {"question_id": 7, "text": "No image here"}
            """);
        Assert.Equal(
        [
            new EvaluationQuestion("34602", "a.jpg", "What is it?\nAnswer the question using a single word or phrase.", 1),
            new EvaluationQuestion("201307251", "b.jpg", "Is it red?", 3),
            new EvaluationQuestion("7", null, "No image here", 4),
        ], LlavaQuestionFile.Load(path));
    }

    [Fact]
    public void Question_file_errors_name_the_line()
    {
        using var folder = new DataFolder();
        var path = folder.Write("q.jsonl", """
            {"question_id": 1, "image": "a.jpg", "text": "q"}
            {"question_id": 1, "image": "a.jpg", "text": "again"}
            {"image": "a.jpg", "text": 5}
            {"question_id": 2, "image": "", "text": "q"}
            {"question_id": 3
            [1]
            """);
        var error = Assert.Throws<DatasetFileException>(() => LlavaQuestionFile.Load(path));
        Assert.Equal(6, error.Errors.Count);
        Assert.Equal("line 2: question_id '1' repeats line 1", error.Errors[0]);
        Assert.Equal("line 3: question_id: required: a string or a number", error.Errors[1]);
        Assert.Equal("line 3: text: required: the question as a string", error.Errors[2]);
        Assert.Equal("line 4: image: must be a relative path to an image file", error.Errors[3]);
        Assert.StartsWith("line 5: invalid JSON:", error.Errors[4]);
        Assert.Equal("line 6: must be an object {\"question_id\", \"image\", \"text\"}; got an array", error.Errors[5]);
    }

    [Fact]
    public void Answers_in_every_supported_shape()
    {
        using var folder = new DataFolder();
        var jsonl = folder.Write("a.jsonl", """
            {"question_id": 1, "answers": ["two", "2"]}
            {"question_id": "b", "answer": "yes"}
            {"question_id": 3, "answers": [{"answer": "red", "answer_confidence": "yes", "answer_id": 1}, {"answer": "crimson"}]}
            """);
        Assert.Equal(["two", "2"], AnswerFile.Load(jsonl)["1"]);
        Assert.Equal(["yes"], AnswerFile.Load(jsonl)["b"]);
        Assert.Equal(["red", "crimson"], AnswerFile.Load(jsonl)["3"]);

        var map = folder.Write("a.json", """{ "1": "cat", "2": ["dog", "puppy"] }""");
        Assert.Equal(["cat"], AnswerFile.Load(map)["1"]);
        Assert.Equal(["dog", "puppy"], AnswerFile.Load(map)["2"]);

        var list = folder.Write("l.json", """[ {"question_id": 5, "answer": "A"} ]""");
        Assert.Equal(["A"], AnswerFile.Load(list)["5"]);
    }

    [Fact]
    public void Answer_file_errors_name_the_line_or_key()
    {
        using var folder = new DataFolder();
        var jsonl = folder.Write("a.jsonl", """
            {"question_id": 1, "answers": []}
            {"question_id": 2}
            {"answers": ["x"]}
            {"question_id": 4, "answer": "x"}
            {"question_id": 4, "answer": "y"}
            """);
        Assert.Equal(
        [
            "line 1: answers: must be an answer string or a non-empty list of answers; got an empty list",
            "line 2: needs \"answers\" (a list) or \"answer\" (a string)",
            "line 3: question_id: required: a string or a number",
            "line 5: question_id '4' has answers twice",
        ], Assert.Throws<DatasetFileException>(() => AnswerFile.Load(jsonl)).Errors);

        var map = folder.Write("a.json", """{ "1": 3 }""");
        Assert.Equal(["'1': must be an answer string or a non-empty list of answers; got a number"], Assert.Throws<DatasetFileException>(() => AnswerFile.Load(map)).Errors);
    }

    [Theory]
    [InlineData("What is it?", "\nAnswer the question using a single word or phrase.", "What is it?\nAnswer the question using a single word or phrase.")]
    [InlineData("What is it?\nAnswer the question using a single word or phrase.", "\nAnswer the question using a single word or phrase.", "What is it?\nAnswer the question using a single word or phrase.")]
    [InlineData("What is it? Answer the question using a single word or phrase.", "\nAnswer the question using a single word or phrase.", "What is it? Answer the question using a single word or phrase.")]
    [InlineData("What is it?", "", "What is it?")]
    public void The_prompt_suffix_is_appended_once(string question, string suffix, string expected) =>
        Assert.Equal(expected, PromptSuffix.Apply(question, suffix));
}
