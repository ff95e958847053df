using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// One command: its first word chooses the command's grammar, so no alternative is tried in
/// vain. An unknown first word is explained, with the nearest command name. Each command's
/// grammar is built the first time a statement starts with its word: a short script pays only
/// for the commands it uses.
/// </summary>
internal sealed class CommandGrammar : Parser<Token, Command>
{
    private static readonly Parser<Token, Command>?[] ById = new Parser<Token, Command>?[Vocabulary.Count];

    private CommandGrammar()
    {
    }

    /// <summary>A whole statement: one command and nothing after it.</summary>
    public static Parser<Token, Command> Command { get; } = new CommandGrammar();

    /// <summary>True when the command table's <paramref name="name"/> has a grammar.</summary>
    public static bool HasGrammar(string name) => GrammarOf(Vocabulary.Id(name)) is not null;

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        if (!state.HasCurrent)
        {
            state.SetError(Maybe.Nothing<Token>(), true, state.Location, null);
            return false;
        }
        var first = state.Current;
        if (first.Kind == TokenKind.Word && first.Id >= 0 && GrammarOf(first.Id) is { } grammar)
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

    /// <summary>The grammar of the command word <paramref name="id"/>, built on first use; null for other words.</summary>
    private static Parser<Token, Command>? GrammarOf(int id)
    {
        if (Volatile.Read(ref ById[id]) is { } built)
        {
            return built;
        }
        if (Vocabulary.Command(id) is not { } command || Create(command) is not { } grammar)
        {
            return null;
        }
        // Two threads may build the same grammar at once: both are right, the first one stays.
        return Interlocked.CompareExchange(ref ById[id], grammar, null) ?? grammar;
    }

    /// <summary>The grammar of <paramref name="command"/>, from the class that holds its group's.</summary>
    private static Parser<Token, Command>? Create(CommandInfo command) => command.Group switch
    {
        CommandGroup.Processes => ProcessGrammar.Create(command.Name),
        CommandGroup.Mappings => MappingGrammar.Create(command.Name),
        CommandGroup.Access => AccessGrammar.Create(command.Name),
        CommandGroup.Pins => PinGrammar.Create(command.Name),
        CommandGroup.Reclaim => ReclaimGrammar.Create(command.Name),
        CommandGroup.Settings => MachineGrammar.Create(command.Name),
        CommandGroup.Inspection => InspectionGrammar.Create(command.Name),
        CommandGroup.Queries => QueryGrammar.Create(command.Name),
        CommandGroup.Blocks => BlockGrammar.Create(command.Name),
        CommandGroup.Session => SessionGrammar.Create(command.Name),
        _ => null,
    };
}
