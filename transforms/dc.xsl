<?xml version="1.0" encoding="UTF-8"?>
<!--
  Dublin Core (oai_dc) record for a TEI edition, made from its teiHeader; or for an
  edition folder as a whole, made from its model (a dep:edition document, which
  tei-edition deposit builds from edition.toml and the list of the edition's documents:
  deposit/edition.py, edition_model), matched by a template of its own.

  Also the home of the header look-ups shared by the other deposit stylesheets
  (datacite.xsl, dspace.xsl import this one): each dep: function takes the first
  match among several reasonable places, so small differences in how a header is
  encoded do not lose a field.

  Parameters:
    bagging-date  the deposit's date (YYYY-MM-DD); the fallback for a publication
                  year when the header gives none.
    doi           a DOI for the edition (10.prefix/suffix), if one is assigned; else
                  publicationStmt/idno[@type="DOI"] is used when present.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:x-tei-edition:deposit"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="xs tei dep">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- The deposit's date (YYYY-MM-DD): the publication year when the header gives none. -->
  <xsl:param name="bagging-date" as="xs:string" select="''"/>
  <!-- The edition's DOI (10.prefix/suffix), when one is assigned. -->
  <xsl:param name="doi" as="xs:string" select="''"/>

  <!-- ================================================================ -->
  <!-- Header look-ups                                                  -->
  <!-- ================================================================ -->

  <xsl:function name="dep:norm" as="xs:string">
    <xsl:param name="node" as="item()?"/>
    <xsl:sequence select="normalize-space(string($node))"/>
  </xsl:function>

  <xsl:function name="dep:header" as="element(tei:teiHeader)?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="(root($doc)//tei:teiHeader)[1]"/>
  </xsl:function>

  <!-- The main title: @type="main", else the first title that is not a subtitle. -->
  <xsl:function name="dep:title" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="ts" select="$h/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="dep:norm((
        $ts/tei:title[@type = 'main'],
        $ts/tei:title[not(@type = ('sub', 'alt', 'short'))],
        $ts/tei:title,
        $h/tei:fileDesc/tei:sourceDesc//tei:title)[1])"/>
  </xsl:function>

  <xsl:function name="dep:subtitle" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:norm($h/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1])"/>
  </xsl:function>

  <!-- The register entry a name points to (same-document @ref="#id"), if any. -->
  <xsl:function name="dep:register-name" as="element()?">
    <xsl:param name="name" as="element()?"/>
    <xsl:variable name="ref" select="string($name/@ref)"/>
    <xsl:sequence select="if (starts-with($ref, '#') and exists($name))
        then (id(substring($ref, 2), root($name))/(tei:persName, tei:orgName, tei:name))[1]
        else ()"/>
  </xsl:function>

  <!-- The name element of a person or body: a persName, orgName or name inside
       (or being) the given element. -->
  <xsl:function name="dep:name-element" as="element()?">
    <xsl:param name="who" as="element()?"/>
    <xsl:sequence select="($who/descendant-or-self::tei:persName,
                           $who/descendant-or-self::tei:orgName,
                           $who/descendant-or-self::tei:name)[1]"/>
  </xsl:function>

  <!-- A name with its parts: "Surname, Forename" when the header or the register
       gives the parts, otherwise the name as written. -->
  <xsl:function name="dep:name-inverted" as="xs:string">
    <xsl:param name="who" as="element()?"/>
    <xsl:variable name="n" select="dep:name-element($who)"/>
    <xsl:variable name="structured"
        select="($n[tei:surname], dep:register-name($n)[tei:surname])[1]"/>
    <xsl:sequence select="if ($structured)
        then string-join((dep:norm($structured/tei:surname[1]),
                          dep:norm(string-join($structured/tei:forename, ' ')))[. ne ''], ', ')
        else dep:norm(($n, $who)[1])"/>
  </xsl:function>

  <xsl:function name="dep:given-name" as="xs:string">
    <xsl:param name="who" as="element()?"/>
    <xsl:variable name="n" select="dep:name-element($who)"/>
    <xsl:variable name="s" select="($n[tei:surname], dep:register-name($n)[tei:surname])[1]"/>
    <xsl:sequence select="dep:norm(string-join($s/tei:forename, ' '))"/>
  </xsl:function>

  <xsl:function name="dep:family-name" as="xs:string">
    <xsl:param name="who" as="element()?"/>
    <xsl:variable name="n" select="dep:name-element($who)"/>
    <xsl:variable name="s" select="($n[tei:surname], dep:register-name($n)[tei:surname])[1]"/>
    <xsl:sequence select="dep:norm($s/tei:surname[1])"/>
  </xsl:function>

  <!-- A person's ORCID as https://orcid.org/XXXX-XXXX-XXXX-XXXX, or '': an idno
       type="ORCID" in the name, its author/editor element or its register entry, or a
       reference (@ref, @target, @sameAs) to orcid.org on the name or that element. -->
  <xsl:function name="dep:orcid" as="xs:string">
    <xsl:param name="who" as="element()?"/>
    <xsl:variable name="n" select="dep:name-element($who)"/>
    <xsl:variable name="own" select="($n, $who[self::tei:author or self::tei:editor])"/>
    <xsl:variable name="entry" select="dep:register-name($n)/.."/>
    <xsl:variable name="found" select="(
        ($own, $entry)/tei:idno[lower-case(@type) = 'orcid'] ! normalize-space(.),
        ($own, $entry)/(@ref | @target | @sameAs) ! tokenize(normalize-space(.), ' ')
            [contains(., 'orcid.org/')])
        [matches(., '\d{4}-\d{4}-\d{4}-\d{3}[\dX]')]"/>
    <xsl:sequence select="if (exists($found))
        then 'https://orcid.org/' || replace($found[1], '^.*(\d{4}-\d{4}-\d{4}-\d{3}[\dX]).*$', '$1')
        else ''"/>
  </xsl:function>

  <xsl:function name="dep:is-organization" as="xs:boolean">
    <xsl:param name="who" as="element()?"/>
    <xsl:sequence select="exists(dep:name-element($who)[self::tei:orgName])"/>
  </xsl:function>

  <xsl:function name="dep:authors" as="element()*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:fileDesc/tei:titleStmt/tei:author"/>
  </xsl:function>

  <!-- The translator: respStmt xml:id="translator", else a respStmt whose resp
       speaks of translation (in titleStmt, then in sourceDesc). -->
  <xsl:function name="dep:translators" as="element()*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="ts" select="$h/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="by-resp"
        select="$h/tei:fileDesc//tei:respStmt[tei:resp[contains(lower-case(.), 'transl')]]"/>
    <xsl:sequence select="if ($ts/tei:respStmt[@xml:id = 'translator'])
        then $ts/tei:respStmt[@xml:id = 'translator']
        else ($by-resp[ancestor::tei:titleStmt], $by-resp)[1]"/>
  </xsl:function>

  <!-- This edition's own responsibility (respStmt xml:id="edition"). -->
  <xsl:function name="dep:edition-resp" as="element()?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:fileDesc/tei:titleStmt/tei:respStmt[@xml:id = 'edition'][1]"/>
  </xsl:function>

  <xsl:function name="dep:funders" as="xs:string*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:fileDesc/tei:titleStmt/tei:funder/dep:norm(.)[. ne '']"/>
  </xsl:function>

  <xsl:function name="dep:publisher" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="ps" select="$h/tei:fileDesc/tei:publicationStmt"/>
    <!-- a publisher with an address or e-mail beside its name: the name alone -->
    <xsl:variable name="named" select="($ps/tei:publisher, $ps/tei:authority,
                                        $ps/tei:distributor, $ps/tei:p)[1]"/>
    <xsl:sequence select="dep:norm(($named/(tei:orgName, tei:name, tei:persName)[1], $named)[1])"/>
  </xsl:function>

  <!-- The date of the document itself: creation/date, else the source's date. -->
  <xsl:function name="dep:created" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="d" select="($h/tei:profileDesc/tei:creation//tei:date,
                                    $h/tei:fileDesc/tei:sourceDesc//tei:date)[1]"/>
    <xsl:sequence select="string(($d/@when, $d/@notBefore, $d/@from, $d)[1])"/>
  </xsl:function>

  <!-- The edition's own dates: publicationStmt/date, and the last recorded change. -->
  <xsl:function name="dep:issued" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="d" select="$h/tei:fileDesc/tei:publicationStmt/tei:date[1]"/>
    <xsl:sequence select="string(($d/@when, $d)[1])"/>
  </xsl:function>

  <xsl:function name="dep:updated" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="whens" select="$h/tei:revisionDesc//tei:change/@when/string()"/>
    <xsl:sequence select="string((sort($whens)[last()], '')[1])"/>
  </xsl:function>

  <xsl:function name="dep:publication-year" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:param name="fallback-date" as="xs:string"/>
    <xsl:variable name="candidates"
        select="(dep:issued($h), dep:updated($h), $fallback-date)[matches(., '^\d{4}')]"/>
    <xsl:sequence select="substring(($candidates, '')[1], 1, 4)"/>
  </xsl:function>

  <!-- Language of the edition's text, as a BCP 47 tag. -->
  <xsl:function name="dep:language" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="tei" select="$h/.."/>
    <xsl:sequence select="string(($tei/tei:text/@xml:lang, $tei/@xml:lang,
        $h/tei:profileDesc/tei:langUsage/tei:language[1]/@ident, 'en')[1])"/>
  </xsl:function>

  <!-- Language of the original (sourceDesc textLang/@mainLang). -->
  <xsl:function name="dep:source-language" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="string(($h/tei:fileDesc/tei:sourceDesc//tei:textLang/@mainLang)[1])"/>
  </xsl:function>

  <xsl:function name="dep:abstract" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="dep:norm(string-join(
        ($h/tei:profileDesc/tei:abstract)[1]/descendant::text(), ''))"/>
  </xsl:function>

  <!-- The rights statement: each paragraph (or licence) of availability, in order. -->
  <xsl:function name="dep:rights" as="xs:string*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="a" select="($h/tei:fileDesc/tei:publicationStmt/tei:availability)[1]"/>
    <xsl:variable name="parts" select="$a/(tei:p | tei:licence | tei:ab)"/>
    <xsl:sequence select="(if ($parts) then $parts else $a)
        ! dep:norm(string-join(descendant::text(), ''))[. ne '']"/>
  </xsl:function>

  <xsl:function name="dep:rights-uri" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="string(($h/tei:fileDesc/tei:publicationStmt/tei:availability
                                   //tei:licence/@target)[1])"/>
  </xsl:function>

  <!-- The edition's identifiers (publicationStmt/idno), DOIs apart. -->
  <xsl:function name="dep:identifiers" as="element(tei:idno)*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:fileDesc/tei:publicationStmt/tei:idno
                            [not(upper-case(@type) = 'DOI')][normalize-space()]"/>
  </xsl:function>

  <xsl:function name="dep:doi" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="if (normalize-space($doi)) then normalize-space($doi)
        else dep:norm($h/tei:fileDesc/tei:publicationStmt/tei:idno[upper-case(@type) = 'DOI'][1])"/>
  </xsl:function>

  <xsl:function name="dep:subjects" as="xs:string*">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:sequence select="$h/tei:profileDesc/tei:textClass/tei:keywords//tei:term
                            /dep:norm(.)[. ne '']"/>
  </xsl:function>

  <!-- The source the edition is made from: the first bibl (or biblStruct, msDesc). -->
  <xsl:function name="dep:source-bibl" as="element()?">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="sd" select="$h/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="($sd/tei:bibl, $sd/tei:biblFull, $sd/tei:biblStruct,
                           $sd/tei:msDesc, $sd//tei:bibl)[1]"/>
  </xsl:function>

  <!-- The source's web address: a ref/ptr target, else an idno or text that is a URL. -->
  <xsl:function name="dep:source-url" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="dep:source-bibl($h)"/>
    <xsl:variable name="urls" select="(
        $b//(tei:ref | tei:ptr)/@target[matches(., '^https?://')],
        $b//tei:idno[matches(normalize-space(.), '^https?://\S+$')],
        $h/tei:fileDesc/tei:sourceDesc//(tei:ref | tei:ptr)/@target[matches(., '^https?://')])"/>
    <xsl:sequence select="dep:norm($urls[1])"/>
  </xsl:function>

  <xsl:function name="dep:source-archive" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="dep:source-bibl($h)"/>
    <xsl:sequence select="dep:norm(($b//tei:publisher, $b//tei:repository,
                                    $b//tei:institution, $b//tei:orgName)[1])"/>
  </xsl:function>

  <xsl:function name="dep:source-idno" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="dep:source-bibl($h)"/>
    <xsl:sequence select="dep:norm(($b//tei:idno[not(matches(normalize-space(.), '^https?://'))])[1])"/>
  </xsl:function>

  <!-- A one-line citation of the source: the source's own (note or bibl type="citation"), else
       title, archive, document number, date, URL. -->
  <xsl:function name="dep:source-citation" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="dep:source-bibl($h)"/>
    <xsl:variable name="given"
        select="dep:norm(($b//(tei:note | tei:bibl)[@type = 'citation'])[1])"/>
    <xsl:sequence select="if ($given) then $given else dep:source-reference($h)"/>
  </xsl:function>

  <!-- How the source came to the archive: msDesc's provenance, else a provenance note. -->
  <xsl:function name="dep:provenance" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="sd" select="$h/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="dep:norm(string-join(($sd//tei:provenance,
        $sd//tei:note[@type = 'provenance'])[1]/descendant::text(), ''))"/>
  </xsl:function>

  <!-- A citation of the source made from its parts. -->
  <xsl:function name="dep:source-reference" as="xs:string">
    <xsl:param name="h" as="element(tei:teiHeader)"/>
    <xsl:variable name="b" select="dep:source-bibl($h)"/>
    <xsl:variable name="idno" select="dep:source-idno($h)"/>
    <xsl:variable name="d" select="($b//tei:date)[1]"/>
    <xsl:sequence select="string-join((
        dep:norm(($b//tei:title)[1]),
        string-join((dep:source-archive($h),
                     if ($idno) then 'document ' || $idno else '')[. ne ''], ', '),
        string(($d/@when, dep:norm($d))[1]),
        dep:source-url($h))[. ne ''], '. ')"/>
  </xsl:function>

  <!-- ================================================================ -->
  <!-- The Dublin Core record                                           -->
  <!-- ================================================================ -->

  <xsl:template match="/">
    <xsl:variable name="h" select="dep:header(.)"/>
    <xsl:if test="empty($h)">
      <xsl:message terminate="yes" error-code="dep:no-header">no teiHeader</xsl:message>
    </xsl:if>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title><xsl:value-of select="dep:title($h)"/></dc:title>
      <xsl:for-each select="dep:authors($h)">
        <dc:creator><xsl:value-of select="dep:name-inverted(.)"/></dc:creator>
      </xsl:for-each>
      <xsl:for-each select="dep:translators($h)">
        <dc:contributor><xsl:value-of select="dep:name-inverted(.)"/></dc:contributor>
      </xsl:for-each>
      <xsl:for-each select="dep:subjects($h)">
        <dc:subject><xsl:value-of select="."/></dc:subject>
      </xsl:for-each>
      <xsl:if test="dep:abstract($h)">
        <dc:description><xsl:value-of select="dep:abstract($h)"/></dc:description>
      </xsl:if>
      <xsl:if test="dep:publisher($h)">
        <dc:publisher><xsl:value-of select="dep:publisher($h)"/></dc:publisher>
      </xsl:if>
      <xsl:if test="dep:created($h)">
        <dc:date><xsl:value-of select="dep:created($h)"/></dc:date>
      </xsl:if>
      <dc:type>Text</dc:type>
      <dc:format>application/tei+xml</dc:format>
      <xsl:if test="dep:doi($h)">
        <dc:identifier><xsl:value-of select="'https://doi.org/' || dep:doi($h)"/></dc:identifier>
      </xsl:if>
      <xsl:for-each select="dep:identifiers($h)">
        <dc:identifier><xsl:value-of select="dep:norm(.)"/></dc:identifier>
      </xsl:for-each>
      <xsl:if test="dep:source-citation($h)">
        <dc:source><xsl:value-of select="dep:source-citation($h)"/></dc:source>
      </xsl:if>
      <dc:language><xsl:value-of select="dep:language($h)"/></dc:language>
      <xsl:if test="dep:source-url($h)">
        <dc:relation><xsl:value-of select="dep:source-url($h)"/></dc:relation>
      </xsl:if>
      <xsl:for-each select="dep:rights($h)">
        <dc:rights><xsl:value-of select="."/></dc:rights>
      </xsl:for-each>
      <xsl:if test="dep:rights-uri($h)">
        <dc:rights><xsl:value-of select="dep:rights-uri($h)"/></dc:rights>
      </xsl:if>
    </oai_dc:dc>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The Dublin Core record of an edition as a whole                  -->
  <!-- ================================================================ -->

  <!-- The edition's model: dep:title, dep:editor*, dep:publisher?, dep:language?,
       dep:version, dep:address? (where the site is published), dep:licence? (its text,
       @target its URL), dep:built (the site's date), dep:document* (@slug, @href: the
       address of its page), each as edition.toml says. The edition is a collection,
       dated by the deposit, with a relation per document. -->
  <xsl:template match="document-node(element(dep:edition))" priority="1">
    <xsl:variable name="e" select="dep:edition"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title><xsl:value-of select="$e/dep:title"/></dc:title>
      <xsl:for-each select="$e/dep:editor">
        <dc:creator><xsl:value-of select="."/></dc:creator>
      </xsl:for-each>
      <xsl:for-each select="$e/dep:publisher">
        <dc:publisher><xsl:value-of select="."/></dc:publisher>
      </xsl:for-each>
      <dc:date><xsl:value-of select="$bagging-date"/></dc:date>
      <dc:type>Collection</dc:type>
      <dc:format>application/tei+xml</dc:format>
      <xsl:for-each select="$e/dep:language">
        <dc:language><xsl:value-of select="."/></dc:language>
      </xsl:for-each>
      <xsl:if test="normalize-space($doi)">
        <dc:identifier><xsl:value-of select="'https://doi.org/' || normalize-space($doi)"/></dc:identifier>
      </xsl:if>
      <xsl:for-each select="$e/dep:address">
        <dc:identifier><xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="$e/dep:licence[string(.)]">
        <dc:rights><xsl:value-of select="."/></dc:rights>
      </xsl:for-each>
      <xsl:for-each select="$e/dep:document">
        <dc:relation><xsl:value-of select="@href"/></dc:relation>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>

</xsl:stylesheet>
