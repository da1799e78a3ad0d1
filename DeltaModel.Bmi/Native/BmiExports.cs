using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Text;

namespace DeltaModel.Bmi.Native;

/// <summary>
/// The shared library's C entry points: <c>register_bmi</c> fills NextGen's <c>Bmi</c> struct with these functions
/// over a new <see cref="DeltaBmi"/>. Every call catches everything: a failure returns <c>BMI_FAILURE</c>, writes
/// "deltamodel_bmi: &lt;message&gt;" to stderr and keeps the message for <c>deltamodel_bmi_last_error</c>; nothing
/// throws across the C boundary. <c>data</c> holds a handle number, not an object address, so a call after
/// <c>finalize</c> (or a second <c>finalize</c>) finds a finalized model and fails cleanly.
/// </summary>
internal static unsafe class BmiExports
{
    const int Success = 0, Failure = 1;

    /// <summary>Room in every string buffer the caller passes (BMI_MAX_*_NAME in bmi.h), terminator included.</summary>
    const int MaxName = 2048;

    static readonly ConcurrentDictionary<nint, Instance> Instances = new();
    static long next;

    sealed class Instance
    {
        public readonly DeltaBmi Bmi = new();
        public byte* LastError;
    }

    [UnmanagedCallersOnly(EntryPoint = "register_bmi")]
    static BmiStruct* Register(BmiStruct* model)
    {
        if (model == null) return null;
        nint id = (nint)Interlocked.Increment(ref next);
        Instances[id] = new Instance();
        model->Data = (void*)id;
        model->Initialize = &Initialize;
        model->Update = &Update;
        model->UpdateUntil = &UpdateUntil;
        model->Finalize = &FinalizeModel;
        model->GetComponentName = &GetComponentName;
        model->GetInputItemCount = &GetInputItemCount;
        model->GetOutputItemCount = &GetOutputItemCount;
        model->GetInputVarNames = &GetInputVarNames;
        model->GetOutputVarNames = &GetOutputVarNames;
        model->GetVarGrid = &GetVarGrid;
        model->GetVarType = &GetVarType;
        model->GetVarUnits = &GetVarUnits;
        model->GetVarItemsize = &GetVarItemsize;
        model->GetVarNbytes = &GetVarNbytes;
        model->GetVarLocation = &GetVarLocation;
        model->GetCurrentTime = &GetCurrentTime;
        model->GetStartTime = &GetStartTime;
        model->GetEndTime = &GetEndTime;
        model->GetTimeUnits = &GetTimeUnits;
        model->GetTimeStep = &GetTimeStep;
        model->GetValue = &GetValue;
        model->GetValuePtr = &GetValuePtr;
        model->GetValueAtIndices = &GetValueAtIndices;
        model->SetValue = &SetValue;
        model->SetValueAtIndices = &SetValueAtIndices;
        model->GetGridRank = &GetGridRank;
        model->GetGridSize = &GetGridSize;
        model->GetGridType = &GetGridType;
        model->GetGridShape = &GetGridShape;
        model->GetGridSpacing = &GetGridSpacing;
        model->GetGridOrigin = &GetGridOrigin;
        model->GetGridX = &GetGridX;
        model->GetGridY = &GetGridY;
        model->GetGridZ = &GetGridZ;
        model->GetGridNodeCount = &GetGridNodeCount;
        model->GetGridEdgeCount = &GetGridEdgeCount;
        model->GetGridFaceCount = &GetGridFaceCount;
        model->GetGridEdgeNodes = &GetGridEdgeNodes;
        model->GetGridFaceEdges = &GetGridFaceEdges;
        model->GetGridFaceNodes = &GetGridFaceNodes;
        model->GetGridNodesPerFace = &GetGridNodesPerFace;
        return model;
    }

    /// <summary>The last failure's message for this model (UTF-8, valid until its next failure), or "" when none.</summary>
    [UnmanagedCallersOnly(EntryPoint = "deltamodel_bmi_last_error")]
    static byte* LastError(BmiStruct* self) =>
        self != null && Instances.TryGetValue((nint)self->Data, out var i) && i.LastError != null ? i.LastError : Empty;

    static readonly byte* Empty = (byte*)NativeMemory.AllocZeroed(1);

    /// <summary>Runs <paramref name="call"/> on the model behind <paramref name="self"/>; any exception → BMI_FAILURE, logged.</summary>
    static int Run(BmiStruct* self, Action<DeltaBmi> call)
    {
        Instance? instance = null;
        try
        {
            if (self == null || !Instances.TryGetValue((nint)self->Data, out instance))
                throw new BmiException("not a registered DeltaModel BMI (call register_bmi first).");
            call(instance.Bmi);
            return Success;
        }
        catch (Exception e)
        {
            var message = e is BmiException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            try { Console.Error.WriteLine($"deltamodel_bmi: {message}"); } catch (IOException) { }
            if (instance is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(message);
                var copy = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
                bytes.CopyTo(new Span<byte>(copy, bytes.Length));
                copy[bytes.Length] = 0;
                if (instance.LastError != null) NativeMemory.Free(instance.LastError);
                instance.LastError = copy;
            }
            return Failure;
        }
    }

    static string Text(byte* s, string what) => s == null ? throw new BmiException($"{what} is NULL.") : Marshal.PtrToStringUTF8((nint)s) ?? "";

    static void Write(string value, byte* destination, string what)
    {
        if (destination == null) throw new BmiException($"{what}: the destination buffer is NULL.");
        var bytes = Encoding.UTF8.GetBytes(value);
        int n = Math.Min(bytes.Length, MaxName - 1);
        bytes.AsSpan(0, n).CopyTo(new Span<byte>(destination, n));
        destination[n] = 0;
    }

    static T* Out<T>(T* p, string what) where T : unmanaged => p != null ? p : throw new BmiException($"{what}: the destination is NULL.");

    static int Count(int count, string what) => count >= 0 ? count : throw new BmiException($"{what}: count {count} is negative.");

    [UnmanagedCallersOnly] static int Initialize(BmiStruct* self, byte* config) => Run(self, b => b.Initialize(Text(config, "the configuration file name")));
    [UnmanagedCallersOnly] static int Update(BmiStruct* self) => Run(self, b => b.Update());
    [UnmanagedCallersOnly] static int UpdateUntil(BmiStruct* self, double time) => Run(self, b => b.UpdateUntil(time));
    [UnmanagedCallersOnly] static int FinalizeModel(BmiStruct* self) => Run(self, b => b.FinalizeModel());
    [UnmanagedCallersOnly] static int GetComponentName(BmiStruct* self, byte* name) => Run(self, b => Write(b.GetComponentName(), name, "get_component_name"));
    [UnmanagedCallersOnly] static int GetInputItemCount(BmiStruct* self, int* count) => Run(self, b => *Out(count, "get_input_item_count") = b.GetInputItemCount());
    [UnmanagedCallersOnly] static int GetOutputItemCount(BmiStruct* self, int* count) => Run(self, b => *Out(count, "get_output_item_count") = b.GetOutputItemCount());
    [UnmanagedCallersOnly] static int GetInputVarNames(BmiStruct* self, byte** names) => Run(self, b => WriteNames(b.GetInputVarNames(), names, "get_input_var_names"));
    [UnmanagedCallersOnly] static int GetOutputVarNames(BmiStruct* self, byte** names) => Run(self, b => WriteNames(b.GetOutputVarNames(), names, "get_output_var_names"));

    static void WriteNames(string[] values, byte** names, string what)
    {
        if (names == null) throw new BmiException($"{what}: the destination is NULL.");
        for (int i = 0; i < values.Length; i++) Write(values[i], names[i], $"{what}[{i}]");
    }

    [UnmanagedCallersOnly] static int GetVarGrid(BmiStruct* self, byte* name, int* grid) => Run(self, b => *Out(grid, "get_var_grid") = b.GetVarGrid(Text(name, "the variable name")));
    [UnmanagedCallersOnly] static int GetVarType(BmiStruct* self, byte* name, byte* type) => Run(self, b => Write(b.GetVarType(Text(name, "the variable name")), type, "get_var_type"));
    [UnmanagedCallersOnly] static int GetVarUnits(BmiStruct* self, byte* name, byte* units) => Run(self, b => Write(b.GetVarUnits(Text(name, "the variable name")), units, "get_var_units"));
    [UnmanagedCallersOnly] static int GetVarItemsize(BmiStruct* self, byte* name, int* size) => Run(self, b => *Out(size, "get_var_itemsize") = b.GetVarItemsize(Text(name, "the variable name")));
    [UnmanagedCallersOnly] static int GetVarNbytes(BmiStruct* self, byte* name, int* nbytes) => Run(self, b => *Out(nbytes, "get_var_nbytes") = b.GetVarNbytes(Text(name, "the variable name")));
    [UnmanagedCallersOnly] static int GetVarLocation(BmiStruct* self, byte* name, byte* location) => Run(self, b => Write(b.GetVarLocation(Text(name, "the variable name")), location, "get_var_location"));
    [UnmanagedCallersOnly] static int GetCurrentTime(BmiStruct* self, double* time) => Run(self, b => *Out(time, "get_current_time") = b.GetCurrentTime());
    [UnmanagedCallersOnly] static int GetStartTime(BmiStruct* self, double* time) => Run(self, b => *Out(time, "get_start_time") = b.GetStartTime());
    [UnmanagedCallersOnly] static int GetEndTime(BmiStruct* self, double* time) => Run(self, b => *Out(time, "get_end_time") = b.GetEndTime());
    [UnmanagedCallersOnly] static int GetTimeUnits(BmiStruct* self, byte* units) => Run(self, b => Write(b.GetTimeUnits(), units, "get_time_units"));
    [UnmanagedCallersOnly] static int GetTimeStep(BmiStruct* self, double* step) => Run(self, b => *Out(step, "get_time_step") = b.GetTimeStep());

    // Every variable is double (get_var_type); the byte size of a buffer is the caller's to match get_var_nbytes, as in C.
    [UnmanagedCallersOnly]
    static int GetValue(BmiStruct* self, byte* name, void* destination) => Run(self, b =>
    {
        var n = Text(name, "the variable name");
        var values = b.GetValuePtr(n);
        b.GetValue(n, new Span<double>(Out((double*)destination, $"get_value '{n}'"), values.Length));
    });

    [UnmanagedCallersOnly]
    static int GetValuePtr(BmiStruct* self, byte* name, void** destination) => Run(self, b =>
    {
        var values = b.GetValuePtr(Text(name, "the variable name"));       // pinned for the model's life
        if (destination == null) throw new BmiException("get_value_ptr: the destination is NULL.");
        *destination = Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(values));
    });

    [UnmanagedCallersOnly]
    static int GetValueAtIndices(BmiStruct* self, byte* name, void* destination, int* indices, int count) => Run(self, b =>
    {
        var n = Text(name, "the variable name");
        Count(count, "get_value_at_indices");
        b.GetValueAtIndices(n, new Span<double>(Out((double*)destination, "get_value_at_indices"), count), new ReadOnlySpan<int>(Out(indices, "get_value_at_indices"), count));
    });

    [UnmanagedCallersOnly]
    static int SetValue(BmiStruct* self, byte* name, void* source) => Run(self, b =>
    {
        var n = Text(name, "the variable name");
        var values = b.GetValuePtr(n);
        b.SetValue(n, new ReadOnlySpan<double>(Out((double*)source, $"set_value '{n}'"), values.Length));
    });

    [UnmanagedCallersOnly]
    static int SetValueAtIndices(BmiStruct* self, byte* name, int* indices, int count, void* source) => Run(self, b =>
    {
        var n = Text(name, "the variable name");
        Count(count, "set_value_at_indices");
        b.SetValueAtIndices(n, new ReadOnlySpan<int>(Out(indices, "set_value_at_indices"), count), new ReadOnlySpan<double>(Out((double*)source, "set_value_at_indices"), count));
    });

    [UnmanagedCallersOnly] static int GetGridRank(BmiStruct* self, int grid, int* rank) => Run(self, b => *Out(rank, "get_grid_rank") = b.GetGridRank(grid));
    [UnmanagedCallersOnly] static int GetGridSize(BmiStruct* self, int grid, int* size) => Run(self, b => *Out(size, "get_grid_size") = b.GetGridSize(grid));
    [UnmanagedCallersOnly] static int GetGridType(BmiStruct* self, int grid, byte* type) => Run(self, b => Write(b.GetGridType(grid), type, "get_grid_type"));
    [UnmanagedCallersOnly] static int GetGridShape(BmiStruct* self, int grid, int* shape) => Run(self, b => b.GetGridShape(grid, default));
    [UnmanagedCallersOnly] static int GetGridSpacing(BmiStruct* self, int grid, double* spacing) => Run(self, b => b.GetGridSpacing(grid, default));
    [UnmanagedCallersOnly] static int GetGridOrigin(BmiStruct* self, int grid, double* origin) => Run(self, b => b.GetGridOrigin(grid, default));
    // The caller's x and y hold a value per node (get_grid_node_count), as in C.
    [UnmanagedCallersOnly] static int GetGridX(BmiStruct* self, int grid, double* x) => Run(self, b => b.GetGridX(grid, new Span<double>(Out(x, "get_grid_x"), b.GetGridNodeCount(grid))));
    [UnmanagedCallersOnly] static int GetGridY(BmiStruct* self, int grid, double* y) => Run(self, b => b.GetGridY(grid, new Span<double>(Out(y, "get_grid_y"), b.GetGridNodeCount(grid))));
    [UnmanagedCallersOnly] static int GetGridZ(BmiStruct* self, int grid, double* z) => Run(self, b => b.GetGridZ(grid, default));
    [UnmanagedCallersOnly] static int GetGridNodeCount(BmiStruct* self, int grid, int* count) => Run(self, b => *Out(count, "get_grid_node_count") = b.GetGridNodeCount(grid));
    [UnmanagedCallersOnly] static int GetGridEdgeCount(BmiStruct* self, int grid, int* count) => Run(self, b => *Out(count, "get_grid_edge_count") = b.GetGridEdgeCount(grid));
    [UnmanagedCallersOnly] static int GetGridFaceCount(BmiStruct* self, int grid, int* count) => Run(self, b => *Out(count, "get_grid_face_count") = b.GetGridFaceCount(grid));
    [UnmanagedCallersOnly] static int GetGridEdgeNodes(BmiStruct* self, int grid, int* nodes) => Run(self, b => b.GetGridEdgeNodes(grid, default));
    [UnmanagedCallersOnly] static int GetGridFaceEdges(BmiStruct* self, int grid, int* edges) => Run(self, b => b.GetGridFaceEdges(grid, default));
    [UnmanagedCallersOnly] static int GetGridFaceNodes(BmiStruct* self, int grid, int* nodes) => Run(self, b => b.GetGridFaceNodes(grid, default));
    [UnmanagedCallersOnly] static int GetGridNodesPerFace(BmiStruct* self, int grid, int* nodes) => Run(self, b => b.GetGridNodesPerFace(grid, default));
}
