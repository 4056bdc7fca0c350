using System.Text;
using Marketplace.ContentPolicy;

namespace Marketplace.ContentPolicy.Benchmarks;

/// <summary>Realistic 2 000-character seller and buyer messages, clean and dirty, in six languages.</summary>
internal static class SampleMessages
{
    public const int Length = 2000;

    private static readonly (string Language, string[] Clean, string[] Dirty)[] Sentences =
    [
        ("en",
        [
            "Hi Sarah, your order 113-4567890-1234567 left our warehouse this morning.",
            "The UPS tracking number is 1Z999AA10123456784 and delivery is expected on 11/28/2026 between 9:00 am and 1:00 pm.",
            "The table measures 120 x 60 x 75 cm and weighs 18.5 kg, so it fits through a standard door.",
            "The price was $1,249.99 including tax; invoice INV-2026-00417 is on the order page.",
            "If anything arrives damaged, please send us a photo and we will replace it within 48 hours.",
            "If you have a minute after using it, we'd appreciate an honest review.",
        ],
        [
            "Text me directly at (201) 555-0147, it's faster.",
            "Or email mike.turner at gmail dot com with the photos.",
            "We'd be grateful for a 5-star review!",
            "Pay via PayPal friends and family and I'll knock off $20.",
        ]),
        ("es",
        [
            "Hola Lucía, tu pedido 2000004587123456 ya fue despachado y llega el 15/12/2026 entre las 9:00 y las 14:00.",
            "El número de seguimiento de Correos es PQ4F6P0703673180128001B.",
            "El mueble mide 180 x 40 x 35 cm y pesa 22 kg; viene desarmado con instrucciones.",
            "El precio final es de $ 45.999 con envío incluido y la factura A 0003-00012345 está en tus compras.",
            "Si tienes un momento, nos ayudaría una opinión sincera sobre el producto.",
        ],
        [
            "Escríbeme por WhatsApp al 11 5555-1234 y te paso más fotos.",
            "Mi correo es juan.perez arroba gmail punto com.",
            "Si me pagas por transferencia bancaria te hago un 10% de descuento.",
        ]),
        ("pt",
        [
            "Olá Mariana, seu pedido 2000003456789012 foi postado hoje com o código de rastreio AA123456789BR.",
            "O valor total ficou R$ 1.299,90 em 10x sem juros e a nota fiscal já está disponível.",
            "A mesa tem 90 x 90 x 74 cm e pesa 15,5 kg.",
        ],
        [
            "Me chama no zap (11) 98765-4321 que te mando mais fotos.",
            "Se fizer um pix pra mim eu te dou 10% de desconto.",
        ]),
        ("pl",
        [
            "Dzień dobry, zamówienie zostało nadane, numer przesyłki InPost: 620123456789012345678901.",
            "Cena 249,99 zł zawiera VAT 23%, faktura FV/2026/11/0457 jest dostępna w Allegro.",
            "Kurier DPD będzie u Pana 24.11.2026 między 10:00 a 14:00.",
        ],
        [
            "Mój mail: kasia.nowak małpa wp kropka pl, proszę dzwonić: 512 345 678.",
            "Numer konta: 61 1090 1014 0000 0712 1981 2874.",
            // The evasion families: spelled tens and hundreds, fullwidth, a messenger name before a number, a spelled
            // two-level domain, a payment app without "pay me", off-platform without a link.
            "Zadzwoń: sześćset dwanaście, trzysta czterdzieści pięć; pisz na ａｔｅｌｉｅｒ＠ｇｍａｉｌ．ｃｏｍ albo whats 512 345 678, "
            + "sklep drewnosklep dot co dot uk, BLIKiem taniej, zeskanuj kod QR z pudełka i zamów u nas.",
        ]),
        ("fr",
        [
            "Bonjour, votre commande 405-1234567-7654321 a été expédiée avec Colissimo.",
            "La livraison est prévue le 03/12/2026 entre 8h et 13h; le canapé mesure 210 x 90 x 85 cm.",
            "Le prix est de 89,90 € TTC et la facture F-2026-1187 est dans votre espace client.",
        ],
        [
            "Appelez-moi au 06 12 34 56 78 ou sur Insta @atelier_julie.",
            "Voici mon IBAN : FR76 3000 6000 0112 3456 7890 189.",
        ]),
        ("de",
        [
            "Guten Tag, Ihre Bestellung 302-5566778-1122334 wurde heute mit DHL verschickt.",
            "Die Zustellung ist für den 02.12.2026 zwischen 10:00 und 14:00 Uhr geplant.",
            "Der Preis beträgt 149,95 € inkl. 19 % MwSt., die Rechnung RE-2026-00981 finden Sie im Kundenkonto.",
        ],
        [
            "Schreib mir auf WhatsApp unter +49 170 1234567.",
            "Mit dem Rabattcode HOLZ10 sparen Sie 10 % bei Ihrer nächsten Bestellung.",
        ]),
    ];

    public static IReadOnlyList<(string Name, bool Dirty, string Text)> Build()
    {
        var messages = new List<(string, bool, string)>();
        foreach (var (language, clean, dirty) in Sentences)
        {
            messages.Add(($"{language}-clean", false, Fill(clean, [])));
            messages.Add(($"{language}-dirty", true, Fill(clean, dirty)));
        }

        return messages;
    }

    // Clean sentences repeated to 2 000 characters; dirty sentences spread through the text.
    private static string Fill(string[] clean, string[] dirty)
    {
        var builder = new StringBuilder(Length + 200);
        var c = 0;
        var d = 0;
        while (builder.Length < Length)
        {
            var useDirty = dirty.Length > 0 && c % 3 == 2;
            builder.Append(useDirty ? dirty[d++ % dirty.Length] : clean[c % clean.Length]).Append(' ');
            c++;
        }

        return builder.ToString(0, Length);
    }

    public static PolicyRequest Request(string text, int index) =>
        new(index % 2 == 0 ? BuiltInProfiles.Generic : BuiltInProfiles.Amazon, AuthorRole.Seller, text, DateTimeOffset.UnixEpoch)
        {
            ConversationStartedBy = AuthorRole.Buyer,
        };
}
