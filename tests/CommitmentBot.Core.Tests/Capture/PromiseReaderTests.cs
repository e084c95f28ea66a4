using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Time;
using Xunit;

namespace CommitmentBot.Core.Tests.Capture;

public sealed class PromiseReaderTests
{
    private static DueContext At => PromiseCorpusTests.At;

    [Theory]
    [InlineData("I'll send you the revised quote by Friday", "by Friday")]
    [InlineData("we will have the unit shipped before EOD tomorrow", "by EOD tomorrow")]
    [InlineData("Thanks! We'll get the replacement out no later than Thursday 3pm.", "by Thursday 3pm")]
    [InlineData("i'll have it to u by tmrw 🙏", "by tmrw")]
    [InlineData("You'll have the credit memo within 2 business days", "in 2 business days")]
    public void Read_FindsThePromiseAndItsDue_WhenTheAuthorCommits(string text, string due)
    {
        var read = PromiseReader.Read(text, At);

        Assert.NotNull(read);
        Assert.Equal(DueTimeParser.Parse(due, At).Due, read.Due.Due);
    }

    [Theory]
    [InlineData("can you send me the PO by Friday?")]            // request to the customer
    [InlineData("Could you get us the signed order form by Thursday")]
    [InlineData("Will you have the budget approved by Friday?")] // question
    [InlineData("I sent the revised quote on Friday")]           // past tense
    [InlineData("the meeting is Friday at 3pm")]                 // schedule
    [InlineData("We'll meet Thursday at 2pm to go over the pilot")]
    [InlineData("Reminder: renewal is due by Dec 31")]           // reminder
    [InlineData("they said they'll send the PO by Friday")]      // third party
    [InlineData("John will send the contract by Monday")]
    [InlineData("I might be able to send it by Friday")]         // hedge
    [InlineData("I'll try to get it to you by tomorrow")]
    [InlineData("I can send the quote by Friday if you want")]   // conditional offer
    [InlineData("If you sign by Friday, we'll ship Monday")]
    [InlineData("I'll take a look")]                             // no time
    [InlineData("I won't be able to send it by Friday")]         // negation
    [InlineData("I'll send it by yesterday")]                    // no future time
    public void Read_ReturnsNothing_WhenTheMessageCommitsNobodyToATime(string text)
    {
        Assert.Null(PromiseReader.Read(text, At));
    }

    [Fact]
    public void Read_ReturnsTheSentenceThatHoldsThePromise_WhenTheMessageHasSeveral()
    {
        var read = PromiseReader.Read("Great call today. Thanks for the detailed questions!\nI'll send the ROI model by Friday. Talk soon", At);

        Assert.NotNull(read);
        Assert.Equal("I'll send the ROI model by Friday.", read.Sentence);
        Assert.Equal("the ROI model", read.Thing);
    }

    [Theory]
    [InlineData("I'll send Initech the renewal terms by Monday", "Initech")]
    [InlineData("I'll get the signed MSA over to Acme Corp by Friday", "Acme Corp")]
    [InlineData("Globex folks: I'll send the meeting notes by tomorrow", "Globex")]
    [InlineData("I'll send the revised quote by Friday", null)]
    public void Read_NamesTheCustomer_WhenTheTextNamesOne(string text, string? customer)
    {
        Assert.Equal(customer, PromiseReader.Read(text, At)?.Customer);
    }

    [Fact]
    public void Read_PrefersACustomerTheAuthorHasPromisedBefore()
    {
        var read = PromiseReader.Read("ok, I'll get the acme pilot report done by Friday", At, ["Umbrella", "Acme"]);

        Assert.Equal("Acme", read?.Customer);
    }

    [Theory]
    [InlineData("thanks, talk soon")]
    [InlineData("Happy holidays everyone 🎄 see you all in the new year")]
    [InlineData("I'll take a look")]
    public void MightHoldPromise_IsFalse_WhenNoCueOrNoTimeWord(string text)
    {
        Assert.False(PromiseReader.MightHoldPromise(text));
    }

    [Fact]
    public void MightHoldPromise_IsTrue_ForEveryPromiseInTheCorpus()
    {
        foreach (var item in PromiseCorpusTests.Corpus().Where(c => c.IsPromise))
        {
            Assert.True(PromiseReader.MightHoldPromise(item.Text), item.Text);
        }
    }

    [Fact]
    public void Read_ReturnsNothing_ForEmptyOrOversizedText()
    {
        Assert.Null(PromiseReader.Read(null, At));
        Assert.Null(PromiseReader.Read("", At));
        Assert.Null(PromiseReader.Read("I'll send it by Friday " + new string('x', PromiseReader.MaxMessageLength), At));
    }
}
