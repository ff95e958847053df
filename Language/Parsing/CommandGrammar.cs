using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// One command: its first word chooses the command's grammar, so no alternative is tried in
/// vain. An unknown first word is explained, with the nearest command name.
/// </summary>
internal sealed class CommandGrammar : Parser<Token, Command>
{
    private static readonly Parser<Token, Command>?[] ById = Build();

    private CommandGrammar()
    {
    }

    /// <summary>A whole statement: one command and nothing after it.</summary>
    public static Parser<Token, Command> Command { get; } = new CommandGrammar();

    /// <summary>True when the command table's <paramref name="name"/> has a grammar.</summary>
    public static bool HasGrammar(string name) => ById[Vocabulary.Id(name)] is not null;

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        if (!state.HasCurrent)
        {
            state.SetError(Maybe.Nothing<Token>(), true, state.Location, null);
            return false;
        }
        var first = state.Current;
        if (first.Kind == TokenKind.Word && first.Id >= 0 && ById[first.Id] is { } grammar)
        {
            var parsed = grammar.TryParse(ref state, ref expecteds, out var command);
            result = command!;
            return parsed;
        }
        var message = first.Kind == TokenKind.Word
            ? ErrorMessages.UnknownCommand(first.Text, CommandTable.Nearest(first.Text).FirstOrDefault())
            : ErrorMessages.ExpectedCommand(ScriptParser.Display(first));
        state.Advance();
        return ParseContext.Fail(ref state, new ProblemAt(ErrorMessages.Codes.UnknownCommand, message, ScriptParser.Focus(first)));
    }

    private static Parser<Token, Command>?[] Build()
    {
        var byId = new Parser<Token, Command>?[Vocabulary.Count];
        var groups = new[]
        {
            ProcessGrammar.Commands, MappingGrammar.Commands, AccessGrammar.Commands, PinGrammar.Commands,
            ReclaimGrammar.Commands, MachineGrammar.Commands, InspectionGrammar.Commands, QueryGrammar.Commands,
            BlockGrammar.Commands, SessionGrammar.Commands,
        };
        foreach (var (name, parser) in groups.SelectMany(g => g))
        {
            byId[Vocabulary.Id(name)] = parser!;
        }
        return byId;
    }
}
