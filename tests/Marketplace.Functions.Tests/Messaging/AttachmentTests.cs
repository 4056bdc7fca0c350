using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

[Collection(AzuriteCollection.Name)]
public sealed class AttachmentTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private string _conversation = "";

    public async Task InitializeAsync() => _conversation = (await _app.SeedOrderAsync("att-1", "b-1", "s-1")).Id;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Upload_TypeComesFromTheBytes_AndTheHashIsRecorded()
    {
        using var buyer = _app.ClientFor(s_buyer);

        var response = await UploadAsync(buyer, "photo.pdf", s_png);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var attachment = await MessagingApp.JsonAsync(response);
        Assert.Equal("image/png", attachment.GetProperty("contentType").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(s_png)), attachment.GetProperty("sha256").GetString());
        Assert.Equal(s_png.Length, attachment.GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task Upload_ExecutableNamedPdf_Is415AndNothingIsStored()
    {
        using var buyer = _app.ClientFor(s_buyer);
        var exe = new byte[512];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';

        var response = await UploadAsync(buyer, "invoice.pdf", exe);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("attachment_type_not_allowed", problem.GetProperty("code").GetString());
        Assert.Contains("whatever the file name says", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> DangerousFiles => new()
    {
        { "notes.txt", "\uFEFF  <svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), "attachment_contains_markup" },
        { "invoice.txt", "<!DOCTYPE html><html><script>alert(1)</script></html>"u8.ToArray(), "attachment_contains_markup" },
        { "invoice.pdf", "%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF"u8.ToArray(), "attachment_contains_markup" },
        { "latin1.txt", [.. "Caf"u8, 0xE9], "attachment_text_not_utf8" },
        { "bomb.docx", DocxDeclaringOneGigabyte(), "attachment_archive_too_large" },
    };

    [Theory]
    [MemberData(nameof(DangerousFiles))]
    public async Task Upload_DangerousFile_Is415NamingTheReason_AndNothingIsStored(string fileName, byte[] content, string code)
    {
        using var buyer = _app.ClientFor(s_buyer);

        var response = await UploadAsync(buyer, fileName, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains("amazon accepts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var container = _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(_app.Names.AttachmentsContainer);
        Assert.Empty(await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, _conversation + "/", default).ToListAsync());
    }

    [Fact]
    public async Task Upload_OverTheProfilesSizeLimit_Is413()
    {
        using var buyer = _app.ClientFor(s_buyer);
        var big = new byte[(10 * 1024 * 1024) + 1];
        s_png.CopyTo(big, 0);

        var response = await UploadAsync(buyer, "big.png", big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("attachment_too_large", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Send_SixAttachments_Is400NamingTheLimit()
    {
        using var buyer = _app.ClientFor(s_buyer);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await MessagingApp.JsonAsync(await UploadAsync(buyer, $"p{i}.png", s_png))).GetProperty("id").GetString()!);
        }

        var response = await buyer.PostAsJsonAsync($"/api/conversations/{_conversation}/messages", new { text = "photos", attachmentIds = ids });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await MessagingApp.JsonAsync(response)).GetProperty("errors");
        Assert.Contains("at most 5", errors.GetProperty("attachmentIds")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_AfterSending_PartiesAndAdminGetTheBytes_OutsidersGet404()
    {
        using var buyer = _app.ClientFor(s_buyer);
        var id = (await MessagingApp.JsonAsync(await UploadAsync(buyer, "photo.png", s_png))).GetProperty("id").GetString()!;
        (await buyer.PostAsJsonAsync($"/api/conversations/{_conversation}/messages", new { text = "see photo", attachmentIds = new[] { id } }))
            .EnsureSuccessStatusCode();
        var path = $"/api/conversations/{_conversation}/attachments/{id}";

        foreach (var caller in new[] { s_buyer, s_seller, new Caller(CallerRole.Admin, "admin-1", null) })
        {
            using var client = _app.ClientFor(caller);
            using var download = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(s_png, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        }

        using var outsider = _app.ClientFor(new Caller(CallerRole.Buyer, "b-2", "amazon"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Download_UploadNotYetSent_OnlyTheUploaderSeesIt()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        var id = (await MessagingApp.JsonAsync(await UploadAsync(buyer, "draft.png", s_png))).GetProperty("id").GetString()!;
        var path = $"/api/conversations/{_conversation}/attachments/{id}";

        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Send_SomeoneElsesUpload_IsRefused()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        var id = (await MessagingApp.JsonAsync(await UploadAsync(buyer, "mine.png", s_png))).GetProperty("id").GetString()!;
        (await buyer.PostAsJsonAsync($"/api/conversations/{_conversation}/messages", new { text = "question" })).EnsureSuccessStatusCode();

        var response = await seller.PostAsJsonAsync($"/api/conversations/{_conversation}/messages", new { text = "x", attachmentIds = new[] { id } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("attachment_not_found", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    private Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content) =>
        client.PostAsync($"/api/conversations/{_conversation}/attachments?fileName={fileName}", new ByteArrayContent(content));

    // A Word package whose central directory says its document inflates to 1 GB (the bytes are tiny).
    private static byte[] DocxDeclaringOneGigabyte()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write("<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            }

            using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
            {
                writer.Write("<w:document/>");
            }
        }

        var bytes = buffer.ToArray();
        var name = "word/document.xml"u8;
        for (var at = 0; at + 46 <= bytes.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) == 0x02014B50 && bytes.AsSpan(at + 46).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 24), 1u << 30); // uncompressed size
            }
        }

        return bytes;
    }
}
