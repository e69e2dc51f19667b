using ParIndex.Core.Domain;

namespace ParIndex.Core.Tests.Domain;

public class EntityRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_published_questionnaire_version_never_changes()
    {
        var v = new QuestionnaireVersion { Number = 1, DefinitionJson = "{}" };
        v.Publish("abc", Now);
        Assert.Equal(QuestionnaireVersionStatus.Published, v.Status);
        Assert.Equal("questionnaire-frozen", Assert.Throws<DomainException>(() => v.ReplaceDefinition("{\"x\":1}")).Code);
        Assert.Equal("questionnaire-not-draft", Assert.Throws<DomainException>(() => v.Publish("def", Now)).Code);
        Assert.Equal("{}", v.DefinitionJson);
    }

    [Fact]
    public void An_invitation_is_usable_only_inside_its_window_and_while_active()
    {
        var i = new Invitation { TokenHash = new string('0', 64), ValidFrom = Now, ValidUntil = Now.AddDays(7) };
        Assert.False(i.IsUsableAt(Now.AddSeconds(-1)));
        Assert.True(i.IsUsableAt(Now));
        Assert.False(i.IsUsableAt(Now.AddDays(7)));
        i.Revoke(Now);
        Assert.False(i.IsUsableAt(Now.AddDays(1)));
        Assert.Equal("invitation-revoked", Assert.Throws<DomainException>(() => i.MarkUsed()).Code);
    }

    [Fact]
    public void A_used_invitation_cannot_be_revoked()
    {
        var i = new Invitation { TokenHash = new string('0', 64) };
        i.MarkUsed();
        Assert.Equal("invitation-used", Assert.Throws<DomainException>(() => i.Revoke(Now)).Code);
    }

    [Fact]
    public void The_first_open_is_remembered()
    {
        var i = new Invitation { TokenHash = new string('0', 64) };
        i.MarkOpened(Now);
        i.MarkOpened(Now.AddHours(1));
        Assert.Equal(Now, i.FirstOpenedAt);
    }

    [Fact]
    public void A_response_is_submitted_once()
    {
        var r = new Response();
        r.Submit(Now);
        Assert.Equal(ResponseStatus.Submitted, r.Status);
        Assert.Equal(1, r.Revision);
        Assert.Equal("response-already-submitted", Assert.Throws<DomainException>(() => r.Submit(Now)).Code);
    }
}
